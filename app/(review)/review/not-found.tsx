import Link from "next/link";

export default function ReviewNotFound() {
  return (
    <div className="prose">
      <h1>Not found</h1>
      <p>There is nothing at this address in the reviewer area. The claim may have been merged or the link mistyped.</p>
      <p>
        <Link href="/review">Back to the review queue</Link>
      </p>
    </div>
  );
}

import Link from "next/link";

/** What a signed-in non-admin sees instead of an admin page. */
export function AdminOnly() {
  return (
    <div className="prose">
      <h1>Not allowed</h1>
      <p>Only administrators can see this page.</p>
      <p>
        <Link href="/review">Back to the review queue</Link>
      </p>
    </div>
  );
}

import type { ReactNode } from "react";
import { MainContent } from "@/app/components/main-content";
import { PublicHeader } from "@/app/components/public-header";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PublicHeader />
      <MainContent>{children}</MainContent>
    </>
  );
}

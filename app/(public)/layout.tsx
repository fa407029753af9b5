import type { ReactNode } from "react";
import { MainContent } from "@/app/components/main-content";
import { OrganizationJsonLd } from "@/app/components/organization-json-ld";
import { PublicHeader } from "@/app/components/public-header";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <OrganizationJsonLd />
      <PublicHeader />
      <MainContent>{children}</MainContent>
    </>
  );
}

import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Claimtrail", template: "%s | Claimtrail" },
  description: "Claims from the news, checked: each verdict with the evidence behind it and its full history.",
};

// The browser's own surfaces (form controls before CSS loads, the mobile address bar)
// match the scheme in use; the colours are --color-surface in globals.css, light and dark.
export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#1d2024" },
  ],
};

// No session here: reading cookies in the root layout would make every public
// page dynamic and cost a database read per request. Each area's layout brings
// its own header and <main>: app/(public)/layout.tsx, app/(review)/review/layout.tsx.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
        <footer className="site-footer">
          <div className="container">
            <p>Claimtrail checks claims made in the news and publishes each verdict with its evidence and history.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}

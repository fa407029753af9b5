import type { Metadata } from "next";
import { ROLES } from "@/db/schema";
import { twoFactorOverview } from "@/lib/users/two-factor";
import { Panel } from "@/app/components/panel";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";
import { ROLE_LABELS } from "../roles";
import styles from "../admin.module.css";
import { TwoFactorRolesForm } from "./roles-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: two-factor sign-in" };

export default async function AdminTwoFactorPage() {
  const admin = await requireAdmin("/review/admin/two-factor");
  if (!admin) return <AdminOnly />;
  const { roles, users } = twoFactorOverview({ by: admin });
  const without = users.filter((user) => !user.enabled);
  return (
    <>
      <AdminNav />
      <h1>Two-factor sign-in</h1>
      <p className="lede">
        Choose the roles that must sign in with a code from an authenticator app as well as their password. Anyone in
        those roles without it is sent to their account page to set it up before anything else; the change is recorded
        in the audit log.
      </p>
      <Panel aria-labelledby="two-factor-roles-heading">
        <h2 id="two-factor-roles-heading">Required for</h2>
        <TwoFactorRolesForm
          roles={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role], required: roles.includes(role) }))}
        />
      </Panel>
      <Panel aria-labelledby="two-factor-users-heading">
        <h2 id="two-factor-users-heading">Who has it on</h2>
        <p>
          {users.length - without.length} of {users.length} active accounts.
        </p>
        <div className="table-scroll" role="region" aria-label="Two-factor sign-in by account" tabIndex={0}>
          <table className={styles.users}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Two-factor sign-in</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">
                    {user.name}
                    <br />
                    <span className="muted">{user.email}</span>
                  </th>
                  <td>{ROLE_LABELS[user.role]}</td>
                  <td>{user.enabled ? "✓ On" : roles.includes(user.role) ? "⚠ Off: must set it up" : "Off"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
    </>
  );
}

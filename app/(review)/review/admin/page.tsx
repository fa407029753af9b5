import type { Metadata } from "next";
import { listUsers } from "@/lib/users/users";
import { FeedbackScope } from "@/app/components/forms";
import { AdminNav } from "./admin-nav";
import { AdminOnly } from "./admin-only";
import { CreateUserForm } from "./create-user-form";
import { requireAdmin } from "./require-admin";
import { UserTable } from "./user-table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: users" };

export default async function AdminUsersPage() {
  const admin = await requireAdmin("/review/admin");
  if (!admin) return <AdminOnly />;
  const users = listUsers({ by: admin }).map((user) => ({ ...user, self: user.id === admin.id }));

  return (
    <>
      <AdminNav />
      <h1>Users</h1>
      <p className="lede">
        Who can sign in and what they may do. Disabling someone or changing their role applies on their very next
        request; every change here is recorded in the audit log.
      </p>
      {/* Only the newest outcome stays on screen, so a password made earlier (now useless) does not linger beside a new one. */}
      <FeedbackScope>
        <UserTable users={users} />
        <CreateUserForm />
      </FeedbackScope>
    </>
  );
}

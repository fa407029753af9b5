"use client";

import { useActionState, useState, type ReactNode } from "react";
import { ROLES, type Role } from "@/db/schema";
import { FormFeedback, SelectField, SubmitButton } from "@/app/components/forms";
import { changeRoleAction, disableUserAction, enableUserAction, resetPasswordAction } from "./actions";
import { OneTimePasswordBox } from "./one-time-password";
import { ROLE_LABELS } from "./roles";
import type { UserActionState } from "./state";
import styles from "./admin.module.css";

export interface UserRowData {
  id: number;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  /** The admin looking at the page: they cannot disable or demote themselves. */
  self: boolean;
}

const ROLE_CHOICES = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const PERMALINK = "/review/admin";

type Used = "role" | "disable" | "enable" | "reset";

/** One button acting on one user: the button names the action, the row's name says who. */
function UserButton({
  action,
  onSubmit,
  email,
  nameId,
  pending,
  danger,
  children,
}: {
  action: (formData: FormData) => void;
  onSubmit: () => void;
  email: string;
  nameId: string;
  pending: boolean;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <form action={action} onSubmit={onSubmit}>
      <input type="hidden" name="email" value={email} />
      <SubmitButton
        className={danger ? "button-danger" : "button-secondary"}
        pending={pending}
        aria-describedby={nameId}
      >
        {children}
      </SubmitButton>
    </form>
  );
}

/**
 * Every user with their controls. The outcome of the last action used is
 * shown above the table, one-time password included, rather than in a row
 * that may change under it.
 */
export function UserTable({ users }: { users: UserRowData[] }) {
  const [roleState, changeRole, changingRole] = useActionState(changeRoleAction, null, PERMALINK);
  const [disableState, disable, disabling] = useActionState(disableUserAction, null, PERMALINK);
  const [enableState, enable, enabling] = useActionState(enableUserAction, null, PERMALINK);
  const [resetState, reset, resetting] = useActionState(resetPasswordAction, null, PERMALINK);
  const [lastUsed, setLastUsed] = useState<Used | null>(null);
  const pending = changingRole || disabling || enabling || resetting;
  const states: Record<Used, UserActionState> = {
    role: roleState,
    disable: disableState,
    enable: enableState,
    reset: resetState,
  };
  // Without JavaScript only the action that ran has a state other than idle.
  const shown = lastUsed ? states[lastUsed] : (Object.values(states).find((s) => s !== null) ?? null);

  return (
    <>
      <FormFeedback state={shown} />
      <OneTimePasswordBox state={shown} id="reset-password-heading" />
      <div className={`table-scroll ${styles.spaced}`} role="region" aria-label="Users" tabIndex={0}>
        <table className={styles.users}>
          <caption className="visually-hidden">Users, by email</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const nameId = `user-${user.id}-name`;
              const row = { nameId, pending };
              return (
                <tr key={user.id}>
                  <th scope="row" id={nameId} className={styles.userName}>
                    {user.name}
                    {user.self && <span className={styles.you}> (you)</span>}
                  </th>
                  <td>{user.email}</td>
                  <td>
                    {user.self ? (
                      ROLE_LABELS[user.role]
                    ) : (
                      <form action={changeRole} onSubmit={() => setLastUsed("role")} className={styles.inlineForm}>
                        <input type="hidden" name="email" value={user.email} />
                        <SelectField
                          id={`user-${user.id}-role`}
                          name="role"
                          label={`Role for ${user.name}`}
                          labelHidden
                          className={styles.inlineField}
                          options={ROLE_CHOICES}
                          defaultValue={user.role}
                        />
                        <SubmitButton className="button-secondary" pending={pending} aria-describedby={nameId}>
                          Change role
                        </SubmitButton>
                      </form>
                    )}
                  </td>
                  <td>
                    <span className={`${styles.state} ${user.disabled ? styles.disabled : styles.active}`}>
                      <span aria-hidden="true">{user.disabled ? "⊘ " : "✓ "}</span>
                      {user.disabled ? "Disabled" : "Active"}
                    </span>
                  </td>
                  <td>
                    {user.self ? (
                      <span className="muted">Another admin can change your own account.</span>
                    ) : (
                      <div className={styles.rowActions}>
                        {user.disabled ? (
                          <UserButton
                            action={enable}
                            onSubmit={() => setLastUsed("enable")}
                            email={user.email}
                            {...row}
                          >
                            Re-enable
                          </UserButton>
                        ) : (
                          <UserButton
                            action={disable}
                            onSubmit={() => setLastUsed("disable")}
                            email={user.email}
                            danger
                            {...row}
                          >
                            Disable
                          </UserButton>
                        )}
                        <UserButton action={reset} onSubmit={() => setLastUsed("reset")} email={user.email} {...row}>
                          Reset password
                        </UserButton>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

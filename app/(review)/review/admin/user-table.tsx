"use client";

import { useActionState, useState } from "react";
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
                          <form action={enable} onSubmit={() => setLastUsed("enable")}>
                            <input type="hidden" name="email" value={user.email} />
                            <SubmitButton className="button-secondary" pending={pending} aria-describedby={nameId}>
                              {" "}
                              Re-enable{" "}
                            </SubmitButton>
                          </form>
                        ) : (
                          <form action={disable} onSubmit={() => setLastUsed("disable")}>
                            <input type="hidden" name="email" value={user.email} />
                            <SubmitButton className="button-danger" pending={pending} aria-describedby={nameId}>
                              {" "}
                              Disable{" "}
                            </SubmitButton>
                          </form>
                        )}
                        <form action={reset} onSubmit={() => setLastUsed("reset")}>
                          <input type="hidden" name="email" value={user.email} />
                          <SubmitButton className="button-secondary" pending={pending} aria-describedby={nameId}>
                            {" "}
                            Reset password{" "}
                          </SubmitButton>
                        </form>
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

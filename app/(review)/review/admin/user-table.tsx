"use client";

import { useActionState, useState } from "react";
import { ROLES, type Role } from "@/db/schema";
import { FormMessages, IDLE_STATE } from "@/app/components/form-feedback";
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

const IDLE: UserActionState = IDLE_STATE;
const PERMALINK = "/review/admin";

type Used = "role" | "disable" | "enable" | "reset";

/**
 * Every user with their controls. The outcome of the last action used is
 * shown above the table, one-time password included, rather than in a row
 * that may change under it.
 */
export function UserTable({ users }: { users: UserRowData[] }) {
  const [roleState, changeRole, changingRole] = useActionState(changeRoleAction, IDLE, PERMALINK);
  const [disableState, disable, disabling] = useActionState(disableUserAction, IDLE, PERMALINK);
  const [enableState, enable, enabling] = useActionState(enableUserAction, IDLE, PERMALINK);
  const [resetState, reset, resetting] = useActionState(resetPasswordAction, IDLE, PERMALINK);
  const [lastUsed, setLastUsed] = useState<Used | null>(null);
  const pending = changingRole || disabling || enabling || resetting;
  const states: Record<Used, UserActionState> = {
    role: roleState,
    disable: disableState,
    enable: enableState,
    reset: resetState,
  };
  // Without JavaScript only the action that ran has a state other than idle.
  const shown = lastUsed ? states[lastUsed] : (Object.values(states).find((s) => s.status !== "idle") ?? IDLE);

  return (
    <>
      <FormMessages state={shown} />
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
                        <label htmlFor={`user-${user.id}-role`} className="visually-hidden">
                          Role for {user.name}
                        </label>
                        <select key={user.role} id={`user-${user.id}-role`} name="role" defaultValue={user.role}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button-secondary" disabled={pending} aria-describedby={nameId}>
                          Change role
                        </button>
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
                            <button
                              type="submit"
                              className="button-secondary"
                              disabled={pending}
                              aria-describedby={nameId}
                            >
                              Re-enable
                            </button>
                          </form>
                        ) : (
                          <form action={disable} onSubmit={() => setLastUsed("disable")}>
                            <input type="hidden" name="email" value={user.email} />
                            <button
                              type="submit"
                              className="button-danger"
                              disabled={pending}
                              aria-describedby={nameId}
                            >
                              Disable
                            </button>
                          </form>
                        )}
                        <form action={reset} onSubmit={() => setLastUsed("reset")}>
                          <input type="hidden" name="email" value={user.email} />
                          <button
                            type="submit"
                            className="button-secondary"
                            disabled={pending}
                            aria-describedby={nameId}
                          >
                            Reset password
                          </button>
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

import type { ActionState } from "@/lib/actions";
import { FieldError, fieldErrors, typedValue } from "./form-feedback";

interface TextFieldProps {
  /** The form's last outcome: its errors for this field and what was typed are shown. */
  state: ActionState;
  name: string;
  label: string;
  /** The element id; the hint and error ids are derived from it. */
  id: string;
  hint?: string;
  /** The value shown until a refused submission hands back what was typed. */
  defaultValue?: string;
  type?: "text" | "url" | "date";
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
  maxLength?: number;
  required?: boolean;
}

/**
 * A labelled text input or textarea with its hint and its error, tied
 * together with aria-describedby so a screen reader reads all three; after a
 * refused submission it shows what the person typed, so nothing is lost.
 */
export function TextField({
  state,
  name,
  label,
  id,
  hint,
  defaultValue = "",
  type = "text",
  rows,
  maxLength,
  required,
}: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = fieldErrors(state, name).length > 0;
  const common = {
    id,
    name,
    maxLength,
    required,
    defaultValue: typedValue(state, name, defaultValue),
    "aria-describedby": [hintId, invalid ? errorId : undefined].filter(Boolean).join(" ") || undefined,
    "aria-invalid": invalid || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {rows ? (
        <textarea rows={rows} {...common} />
      ) : (
        <input
          type={type}
          inputMode={type === "url" ? "url" : undefined}
          placeholder={type === "url" ? "https://" : undefined}
          {...common}
        />
      )}
      <FieldError id={errorId} state={state} name={name} />
    </div>
  );
}

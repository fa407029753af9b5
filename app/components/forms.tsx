import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { ActionState } from "@/lib/actions";

// The fields are plain server-safe components (useId is all they need), so a
// public GET form such as the search ships no JavaScript for them; what needs
// the browser (pending state, live feedback) is in form-status.tsx.
export { FeedbackScope, FormFeedback, SubmitButton, useIsLatestSuccess } from "./form-status";

// The form kit every form uses: a field's label, hint and errors are wired to
// its control here, once (aria-describedby, aria-invalid), so an accessibility
// fix is made in one place. Fields take plain props, so server-rendered GET
// forms use them too; `fromState` binds one to a server action's outcome.

type AnyState = ActionState<unknown, unknown>;

// ---------------------------------------------------------------- reading an action's outcome

/** The messages a refused submission has for one field. */
export function fieldErrors(state: AnyState, name: string): string[] {
  return state && !state.ok ? (state.fieldErrors[name] ?? []) : [];
}

/** What the person typed when the last submission was refused, else `fallback`: nothing typed is lost. */
export function typedValue(state: AnyState, name: string, fallback = ""): string {
  const typed = state && !state.ok ? state.values[name] : undefined;
  return typeof typed === "string" ? typed : fallback;
}

/** A field's name, errors and shown value from the form's last outcome: `<TextField {...fromState(state, "title")} />`. */
export function fromState(state: AnyState, name: string, fallback = "") {
  return { name, errors: fieldErrors(state, name), defaultValue: typedValue(state, name, fallback) };
}

/** For a bespoke control the fields below do not fit: marks it invalid and points it at its hint and error. */
export function invalidProps(state: AnyState, name: string, describedBy: string) {
  return fieldErrors(state, name).length > 0 ? { "aria-invalid": true, "aria-describedby": describedBy } : {};
}

// ---------------------------------------------------------------- fields

interface FieldProps {
  label: ReactNode;
  /** The control's id; the hint and error ids are made from it. Generated when not given. */
  id?: string;
  name: string;
  hint?: ReactNode;
  errors?: readonly string[];
  /** Classes for the wrapper, in place of the stacked `field` layout. */
  className?: string;
  /** The label is read by screen readers only, where the row around the control already says what it is. */
  labelHidden?: boolean;
}

/** The ids and aria props that tie a control to its hint and its errors. */
function useFieldWiring(id: string | undefined, hint: ReactNode, errors: readonly string[] | undefined) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = errors && errors.length > 0 ? `${controlId}-error` : undefined;
  return {
    controlId,
    hintId,
    errorId,
    aria: {
      "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      "aria-invalid": errorId ? true : undefined,
    },
  };
}

/** Splits a field's props into what its frame shows and what goes on the control, wired together. */
function useField<P extends FieldProps>({ label, id, name, hint, errors, className, labelHidden, ...rest }: P) {
  const wiring = useFieldWiring(id, hint, errors);
  const frame = { label, hint, errors, className, labelHidden, hintId: wiring.hintId, errorId: wiring.errorId };
  return { frame, controlId: wiring.controlId, control: { id: wiring.controlId, name, ...wiring.aria, ...rest } };
}

/** A field's label above its hint, the control and its errors. */
function FieldFrame({
  hintId,
  errorId,
  controlId,
  label,
  hint,
  errors,
  className = "field",
  labelHidden,
  children,
}: Omit<FieldProps, "name" | "id"> & { hintId?: string; errorId?: string; controlId: string; children: ReactNode }) {
  return (
    <div className={className}>
      <label htmlFor={controlId} className={labelHidden ? "visually-hidden" : undefined}>
        {label}
      </label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

type TextFieldProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className">;

/** A labelled one-line input; `type` defaults to text. */
export function TextField(props: TextFieldProps) {
  const { frame, controlId, control } = useField(props);
  const type = control.type ?? "text";
  return (
    <FieldFrame {...frame} controlId={controlId}>
      <input
        inputMode={type === "url" ? "url" : undefined}
        placeholder={type === "url" ? "https://" : undefined}
        {...control}
        type={type}
      />
    </FieldFrame>
  );
}

type TextareaFieldProps = FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "className">;

export function TextareaField(props: TextareaFieldProps) {
  const { frame, controlId, control } = useField(props);
  return (
    <FieldFrame {...frame} controlId={controlId}>
      <textarea {...control} />
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

type SelectFieldProps = FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "className" | "children" | "defaultValue"> & {
    options: readonly Choice[];
    defaultValue?: string;
  };

export function SelectField({ options, ...props }: SelectFieldProps) {
  const { frame, controlId, control } = useField(props);
  return (
    <FieldFrame {...frame} controlId={controlId}>
      {/* Keyed on its default: after a refused save React resets the form, and a select only takes a new default when mounted. */}
      <select key={control.defaultValue} {...control}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

type CheckboxFieldProps = Omit<FieldProps, "labelHidden"> &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className" | "type">;

/** A checkbox with its label beside it and the hint below. */
export function CheckboxField({ label, id, name, hint, errors, className, ...input }: CheckboxFieldProps) {
  const wiring = useFieldWiring(id, hint, errors);
  return (
    <div className={className ?? "field checkbox-field"}>
      <input id={wiring.controlId} name={name} type="checkbox" {...wiring.aria} {...input} />
      <label htmlFor={wiring.controlId}>{label}</label>
      {hint && (
        <span className="hint" id={wiring.hintId}>
          {hint}
        </span>
      )}
      <ErrorList id={wiring.errorId} errors={errors} />
    </div>
  );
}

/**
 * A group of fields under one legend, its hint and errors tied to the group.
 * Only a radio group may be marked invalid as a whole (ARIA allows
 * aria-invalid on radiogroup, not on a plain group).
 */
export function Fieldset({
  legend,
  hint,
  errors,
  id,
  className,
  role,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[];
  id?: string;
  className?: string;
  role?: "radiogroup";
  children: ReactNode;
}) {
  const wiring = useFieldWiring(id, hint, errors);
  return (
    <fieldset
      id={wiring.controlId}
      className={className ?? "fieldset"}
      role={role}
      aria-describedby={wiring.aria["aria-describedby"]}
      aria-invalid={role ? wiring.aria["aria-invalid"] : undefined}
    >
      <legend className="field-label">{legend}</legend>
      {hint && (
        <span className="hint" id={wiring.hintId}>
          {hint}
        </span>
      )}
      {children}
      <ErrorList id={wiring.errorId} errors={errors} />
    </fieldset>
  );
}

/** One choice of a radio group: the radio with its label (and hint) beside it. */
export function RadioField({
  name,
  value,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultChecked?: boolean;
}) {
  const id = `${useId()}-${value}`;
  return (
    <div className="checkbox-field">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** Radios under one legend; the group carries the hint and the errors. */
export function RadioGroup({
  legend,
  name,
  options,
  defaultValue,
  hint,
  errors,
  id,
}: {
  legend: ReactNode;
  name: string;
  options: readonly (Choice & { hint?: string })[];
  defaultValue?: string;
  hint?: ReactNode;
  errors?: readonly string[];
  id?: string;
}) {
  return (
    <Fieldset legend={legend} hint={hint} errors={errors} id={id} role="radiogroup">
      {/* Keyed on the default for the same reason as a select: a refused save resets the form. */}
      <div key={defaultValue}>
        {options.map((option) => (
          <RadioField
            key={option.value}
            name={name}
            value={option.value}
            label={option.label}
            hint={option.hint}
            defaultChecked={option.value === defaultValue}
          />
        ))}
      </div>
    </Fieldset>
  );
}

/** A field's messages, read with it through aria-describedby={id}. */
export function ErrorList({ id, errors }: { id?: string; errors?: readonly string[] }) {
  if (!errors || errors.length === 0) return null;
  return (
    <ul id={id} className="field-error">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}


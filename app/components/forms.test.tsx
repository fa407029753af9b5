import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ActionState } from "@/lib/actions";
import { fromState, RadioGroup, SelectField, SubmitButton, TextareaField, TextField } from "./forms";

// The wiring every form relies on, checked once here: a label for the control,
// the hint and the errors read with it, and the control marked invalid only when refused.

const refused: ActionState = {
  ok: false,
  message: "Please correct the highlighted fields.",
  fieldErrors: { title: ["Give a title."] },
  values: { title: "Typed title", tag: ["a", "b"] },
};

describe("form kit", () => {
  it("ties a field's label, hint and errors to its control", () => {
    const html = renderToStaticMarkup(
      <TextField id="t" label="Title" hint="Shown to readers." {...fromState(refused, "title", "Saved title")} />,
    );
    expect(html).toContain('<label for="t">Title</label>');
    expect(html).toContain('<span class="hint" id="t-hint">Shown to readers.</span>');
    const input = /<input [^>]*>/.exec(html)?.[0] ?? "";
    for (const attribute of [
      'id="t"',
      'name="title"',
      'aria-describedby="t-hint t-error"',
      'aria-invalid="true"',
      'value="Typed title"',
    ]) {
      expect(input).toContain(attribute);
    }
    expect(html).toContain('<ul id="t-error" class="field-error"><li>Give a title.</li></ul>');
  });

  it("leaves a field that was not refused unmarked, showing its saved value", () => {
    const html = renderToStaticMarkup(
      <TextareaField id="r" label="Rationale" {...fromState(null, "rationale", "Saved")} />,
    );
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
    expect(html).toContain(">Saved</textarea>");
    // A value sent twice is not a text to show back: the saved one stands.
    expect(renderToStaticMarkup(<TextField id="g" label="Tag" {...fromState(refused, "tag", "x")} />)).toContain(
      'value="x"',
    );
  });

  it("selects the typed choice and can hide a label from sight but not from screen readers", () => {
    const html = renderToStaticMarkup(
      <SelectField
        id="s"
        name="role"
        label="Role for Ann"
        labelHidden
        options={[
          { value: "reviewer", label: "Reviewer" },
          { value: "editor", label: "Editor" },
        ]}
        defaultValue="editor"
      />,
    );
    expect(html).toContain('<label for="s" class="visually-hidden">Role for Ann</label>');
    expect(html).toContain('<option value="editor" selected="">Editor</option>');
  });

  it("renders the submit button enabled, with its label, outside a pending submission", () => {
    const html = renderToStaticMarkup(<SubmitButton pendingLabel="Saving…">Save</SubmitButton>);
    expect(html).toBe('<button type="submit">Save</button>');
    expect(
      renderToStaticMarkup(
        <SubmitButton pending pendingLabel="Saving…">
          Save
        </SubmitButton>,
      ),
    ).toBe('<button type="submit" disabled="">Saving…</button>');
  });

  it("groups radios under a legend, checks the default and marks the group when refused", () => {
    const html = renderToStaticMarkup(
      <RadioGroup
        id="stance"
        legend="Stance"
        name="stance"
        options={[
          { value: "supports", label: "Supports" },
          { value: "contradicts", label: "Contradicts", hint: "A source against the claim." },
        ]}
        defaultValue="contradicts"
        errors={["Pick a stance."]}
      />,
    );
    expect(html).toMatch(
      /<fieldset id="stance" class="fieldset" role="radiogroup" aria-describedby="stance-error" aria-invalid="true"><legend class="field-label">Stance<\/legend>/,
    );
    const chosen = /<input [^>]*value="contradicts"[^>]*>/.exec(html)?.[0] ?? "";
    expect(chosen).toContain('checked=""');
    const hintId = /aria-describedby="([^"]+)"/.exec(chosen)?.[1];
    expect(html).toContain(`<span class="hint" id="${hintId}">A source against the claim.</span>`);
    expect(html).not.toMatch(/value="supports" checked/);
    expect(html).toContain('<ul id="stance-error" class="field-error"><li>Pick a stance.</li></ul>');
  });
});

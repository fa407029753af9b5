import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { labelsMismatch, labelsSchema, parseLabels } from "./labels";

describe("labelsMismatch", () => {
  const text = "First sentence. Second one.";
  const labels = (start: number, end: number, sentence: string) =>
    labelsSchema.parse({ sentences: [{ n: 0, start, end, text: sentence, label: "check" }] });

  it("accepts labels found at their offsets", () => {
    expect(labelsMismatch(text, labels(16, 27, "Second one."))).toBeNull();
  });

  it("names the sentence whose offsets are off or past the end", () => {
    expect(labelsMismatch(text, labels(15, 26, "Second one."))).toMatch(
      /^sentence 0 \(offsets 15–26\) reads " Second one" in the text/,
    );
    expect(labelsMismatch(text, labels(16, 40, "Second one."))).toMatch(/past the end of the text/);
  });

  it("rejects a file in another format", () => {
    expect(labelsSchema.safeParse({ sentences: [{ n: 0, start: 5, end: 2, text: "x", label: "check" }] }).success).toBe(
      false,
    );
    expect(labelsSchema.safeParse({ sentences: [{ n: 0, start: 0, end: 2, text: "x", label: "maybe" }] }).success).toBe(
      false,
    );
    expect(labelsSchema.safeParse({ claims: [] }).success).toBe(false);
  });
});

describe("parseLabels", () => {
  const text = "First sentence. Second one.";
  const file = JSON.stringify({
    outlet: "Gazette",
    sentences: [{ n: 0, start: 0, end: 15, text: "First sentence.", label: "skip", why: "x" }],
  });

  it("returns the labels of a file that matches the text", () => {
    expect(parseLabels(file, text, "a.json")).toEqual({
      outlet: "Gazette",
      sentences: [{ n: 0, start: 0, end: 15, text: "First sentence.", label: "skip" }],
    });
  });

  it("refuses bad JSON, another format and labels for another text, naming the file", () => {
    const refusal = (json: string, body: string) => {
      try {
        parseLabels(json, body, "a.json");
      } catch (error) {
        return error;
      }
      return null;
    };
    for (const [json, body, message] of [
      ["{", text, "The labels file a.json is not valid JSON."],
      [
        '{"sentences": []}',
        text,
        "The labels file a.json is not in the expected format (at sentences): The labels file lists no sentences.",
      ],
      [file, "Another text entirely.", "The labels file a.json does not match the article: sentence 0"],
    ] as const) {
      const error = refusal(json, body);
      expect(error).toBeInstanceOf(AppError);
      expect(error instanceof AppError && error.code).toBe("invalid");
      expect(error instanceof Error && error.message).toContain(message);
    }
  });
});

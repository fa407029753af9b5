import { describe, expect, it } from "vitest";
import { findNames } from "./names";
import { shippedModel } from "./model";
import { ruleSignals, type RuleCode } from "./rules";
import { REASON_CODES, scoreSentence, type ReasonCode } from "./score";

const codes = (sentence: string, context = {}) => scoreSentence(sentence, context).reasons.map((r) => r.code);
const reason = (sentence: string, code: ReasonCode) => scoreSentence(sentence).reasons.find((r) => r.code === code);
// What the rules found, whether or not it moved the model's score much.
const signal = (sentence: string, rule: RuleCode) => ruleSignals(sentence).signals.find((s) => s.rule === rule);

describe("scoreSentence: reasons", () => {
  it("finds a statistic, a comparison, a cause and an attribution, with the words that triggered them", () => {
    const sentence = "The ministry claimed that the floods have resulted in over 1,200 deaths.";
    expect(ruleSignals(sentence).signals.map((s) => s.rule)).toEqual(
      expect.arrayContaining(["statistic", "attribution", "comparison", "causal"]),
    );
    expect(signal(sentence, "statistic")?.evidence).toBe("1,200");
    expect(signal(sentence, "comparison")?.evidence).toBe("over 1,200");
    expect(signal(sentence, "causal")?.evidence).toBe("resulted in");
    expect(codes(sentence)).toEqual(expect.arrayContaining(["statistic", "attribution"]));
  });

  it("reads percentages, money and decimals as figures, and years and days of the month as dates", () => {
    const sentence = "The $1.2 billion subsidy, 0.4 percent of output, ends on March 31, 2026.";
    expect(reason(sentence, "statistic")?.evidence).toBe("$1.2 billion; 0.4 percent");
    expect(reason(sentence, "date")?.evidence).toBe("March 31, 2026");
  });

  it("counts a count of zero", () => {
    expect(reason("No one was killed in the blast.", "statistic")?.evidence).toBe("No one was killed");
  });

  it.each([
    ["on Oct. 7", "The attack on Oct. 7 changed the talks."],
    ["in 2009", "They tried a similar deal in 2009."],
    ["last month", "He spoke to parliament last month."],
    ["on Monday", "The study was published on Monday."],
  ])("finds the date %s", (_date, sentence) => {
    expect(codes(sentence)).toContain("date");
  });

  it.each([
    ["said", "Officials said the bridge would reopen."],
    ["told", "The spokesperson told reporters the bridge would reopen."],
    ["claimed", "The group claimed the bridge would reopen."],
    ["according to", "The bridge will reopen, according to the council."],
    ["as reported by", "The bridge will reopen, as reported by the Gazette."],
    ["reported", "The Gazette reported that the bridge would reopen."],
  ])("finds the attribution %s", (_verb, sentence) => {
    expect(codes(sentence)).toContain("attribution");
  });

  it("finds positions and affiliations", () => {
    expect(reason("The party is chaired by President Ana Ruiz.", "role")?.evidence).toBe("President; chaired by");
    expect(reason("The study was funded by the Medical Research Fund.", "role")?.evidence).toBe("funded by");
  });

  it("finds named people and organisations, not words capitalised only because they open the sentence", () => {
    expect(findNames("Consumer prices rose, the National Statistics Office said.").map((n) => n.text)).toEqual([
      "National Statistics Office",
    ]);
    expect(
      findNames("The AKP, or Justice and Development Party, backed Turkish President Recep Erdogan.").map(
        (n) => n.text,
      ),
    ).toEqual(["AKP", "Justice and Development Party", "Turkish President Recep Erdogan"]);
    expect(findNames("Israel and Hamas agreed.", new Set(["Israel"])).map((n) => n.text)).toEqual(["Israel", "Hamas"]);
    expect(findNames("The Biden administration voiced doubts.")[0]).toMatchObject({
      text: "Biden administration",
      specific: true,
    });
  });

  it("uses only words from its fixed vocabulary", () => {
    const sentences = [
      "The recent war has created an opportunity for both nations, which seek to address long-standing issues.",
      '"It is the name of the game," said Ana Ruiz, a senior fellow at the Institute.',
      "The embassy did not respond to a request for comment.",
    ];
    for (const sentence of sentences) for (const code of codes(sentence)) expect(REASON_CODES).toContain(code);
  });
});

describe("scoreSentence: what scores low", () => {
  it("marks framing by the writer and keeps it out of the suggestions", () => {
    const result = scoreSentence(
      "The recent war has created an opportunity for Norland and Eastland, as both nations seek to mend long-standing ties.",
    );
    expect(result.reasons.find((r) => r.code === "writer-framing")?.evidence).toBe(
      "has created an opportunity; seek to; long-standing",
    );
    expect(result.label).toBe("skip");
  });

  it("skips a no-comment notice however many names it carries", () => {
    for (const sentence of [
      "The Turkish embassy in Washington, D.C. did not respond to a request for comment from Fox News Digital.",
      "Stepwise Inc. did not immediately respond to a request for comment on Tuesday.",
      "A spokesperson for the ministry declined to comment.",
      "The mayor could not be reached for comment.",
    ]) {
      const result = scoreSentence(sentence);
      expect(result.label, sentence).toBe("skip");
      expect(result.reasons.map((r) => r.code)).toContain("no-comment");
    }
  });

  it("does not suggest a quotation with nothing checkable in it, however eminent the speaker", () => {
    const opinion = scoreSentence(
      '"Compartmentalisation has long been the name of the game for the two capitals," said Ana Ruiz, a senior fellow at the Foundation for Open Markets.',
    );
    expect(opinion.label).not.toBe("check");
    expect(opinion.reasons.map((r) => r.code)).toContain("opinion-quote");
    expect(opinion.claimant).toBe("Ana Ruiz");

    const led = scoreSentence(
      '"The wall did exactly what it was built to do," said Councillor Ruth Abara, who chairs the council\'s flood committee.',
    );
    expect(led.label).not.toBe("check");

    const view = scoreSentence('"We think it is one of the most underused medicines we have."');
    expect(view.reasons.find((r) => r.code === "opinion-quote")?.evidence).toBe("We think");
  });

  it("suggests a quotation that carries a date, a figure or a cause", () => {
    const result = scoreSentence(
      '"Norland was a prime target of diplomatic overtures after the attacks on Oct. 7," Ruiz said.',
    );
    expect(result.label).toBe("check");
    expect(result.claimant).toBe("Ruiz");

    const more = scoreSentence('"We did what we could," the mayor said, adding that 40 homes were saved.');
    expect(more.reasons.map((r) => r.code)).not.toContain("opinion-quote");
    expect(more.label).toBe("check");
  });

  it("gives page furniture a zero and says so", () => {
    expect(scoreSentence("Login", { furniture: "sign-in prompt" })).toEqual({
      score: 0,
      label: "skip",
      reasons: [{ code: "furniture", weight: -1, evidence: "sign-in prompt" }],
      claimant: null,
      reportedBy: null,
    });
  });

  it("keeps the score in [0, 1] and the label in step with it", () => {
    for (const sentence of [
      "The ministry claimed on Monday that over 11,000 people died, the highest toll since 2014, because of the strikes, the U.N. said.",
      "Perhaps the simplest advice is also the best.",
      "Yes.",
    ]) {
      const { score, label } = scoreSentence(sentence);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      expect(label === "check").toBe(score >= shippedModel().thresholds.check);
    }
  });
});

describe("scoreSentence: claimant and reported-by", () => {
  it.each([
    [
      "The Hamas-controlled Gaza Health Ministry claimed that the operation has killed over 11,000 people.",
      "Hamas-controlled Gaza Health Ministry",
      null,
    ],
    [
      'Lior Haiat, a spokesperson for the Israeli Foreign Ministry, called it "harsh words," according to the Times of Israel.',
      "Lior Haiat",
      "Times of Israel",
    ],
    [
      "Stephan Dujarric, spokesperson for the Secretary-General, told Fox News Digital that the U.N. had found the numbers reliable.",
      "Stephan Dujarric",
      "Fox News Digital",
    ],
    ["In a speech to parliament last month, President Erdogan criticized Western powers.", "President Erdogan", null],
    [
      "President Erdogan has even defended the group, referring to them as freedom fighters.",
      "President Erdogan",
      null,
    ],
    ["They tried a similar engagement in 2009 and 2010, as reported by Al-Monitor.", null, "Al-Monitor"],
    ['"Tehran helped underwrite the attacks of Oct. 7," Taleblu said.', "Taleblu", null],
    ['"It is the name of the game," said Behnam Ben Taleblu, a senior fellow.', "Behnam Ben Taleblu", null],
    [
      "Consumer prices rose 3.5 percent, the National Statistics Office said on Tuesday.",
      "National Statistics Office",
      null,
    ],
    ["Fuel prices fell 6.2 percent, the statistics office said.", "the statistics office", null],
    ["Central bank Gov. Maria Okafor told lawmakers the target is 2 percent.", "Gov. Maria Okafor", null],
    ["Mrs. Edna Farrow, 82, who took part in the study, said she walks twice a day.", "Mrs. Edna Farrow", null],
    ["Wages grew 5.9 percent, according to the Eastland Labour Survey.", "Eastland Labour Survey", null],
    [
      "The findings echo a 2022 analysis by the Global Activity Council, which estimated that 1.8 billion adults are inactive.",
      "Global Activity Council",
      null,
    ],
    ["Reuters reported that 40 people had died.", null, "Reuters"],
    ["The majority of NATO allies have supported the operation since October 7.", null, null],
  ])("%s", (sentence, claimant, reportedBy) => {
    const result = scoreSentence(sentence);
    expect(result.claimant).toBe(claimant);
    expect(result.reportedBy).toBe(reportedBy);
  });

  it("carries the speaker over to a quotation that continues, and to a pronoun", () => {
    expect(
      scoreSentence('"The more shocks, the more confident Tehran feels."', { previousClaimant: "Taleblu" }).claimant,
    ).toBe("Taleblu");
    expect(scoreSentence('"It is not a cure," he said.', { previousClaimant: "Prof. Jonah Whitcombe" }).claimant).toBe(
      "Prof. Jonah Whitcombe",
    );
    expect(scoreSentence('"It is not a cure," he said.').claimant).toBeNull();
  });
});

// The shipped model on the failures issue #11 names: talk that is not a claim,
// and plain assertions with no cue word.
describe("scoreSentence: the shipped model", () => {
  it("does not suggest a form of address, and says so first", () => {
    const result = scoreSentence("Senator Cruz, thank you.");
    expect(result.label).toBe("skip");
    expect(result.reasons[0]).toMatchObject({ code: "address" });
    expect(result.reasons[0]?.weight).toBeLessThan(0);
  });

  it("does not suggest a speaker's aside or a number inside a question", () => {
    expect(scoreSentence("Let me say this about that.").label).toBe("skip");
    const question = scoreSentence("Will you raise taxes by 10 percent next year?");
    expect(question.label).not.toBe("check");
    expect(question.reasons.map((r) => r.code)).toContain("question");
  });

  it("suggests a policy's effect with no figure in it, and a figure compared with a past one", () => {
    const policy = scoreSentence("We also doubled the child tax credit.");
    expect(policy.label).toBe("check");
    expect(policy.reasons[0]).toMatchObject({ code: "policy-effect", evidence: "tax; doubled" });
    const change = scoreSentence("Unemployment fell to 3.5 percent from 4.1 percent a year earlier.");
    expect(change.label).toBe("check");
    expect(change.reasons.map((r) => r.code)).toContain("figure-comparison");
  });
});

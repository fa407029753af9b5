import { describe, expect, it } from "vitest";
import { segmentSentences } from "./segment";

const texts = (text: string) => segmentSentences(text).map((s) => s.text);

describe("segmentSentences: abbreviations and initials", () => {
  it.each([
    ["Oct.", "The attack came on Oct. 7 and shocked the region. Talks began later."],
    ["U.N.", "The U.N. has found the figures reliable in the past. Others disagree."],
    ["D.C.", "The embassy in Washington, D.C. did not respond to a request. Officials left."],
    ["U.S.", "The U.S. Senate voted 52 to 48 on the bill. It now goes to the House."],
    ["Mr.", "Mr. Haniyeh left Istanbul in November. He went to Doha."],
    ["Mrs.", "Mrs. Farrow walks her dog twice a day. She is 82."],
    ["Dr.", "Dr. Lindqvist led the study at the hospital. It took nine years."],
    ["Sen.", "Sen. Adeyemi chairs the finance committee. He backs the subsidy."],
    ["Rep.", "Rep. Alvarez voted against the bill on Tuesday. Her office confirmed it."],
    ["Gov.", "Gov. Okafor told lawmakers the target is 2 percent. The bank agreed."],
    ["Gen.", "Gen. Marsh commanded the brigade for three years. She retired in 2020."],
    ["St.", "She was treated at St. Bride's Hospital in Harlow. Doctors were cautious."],
    ["Inc.", "Stepwise Inc. makes fitness trackers in Norland. Its shares rose."],
    ["Ltd.", "Harcourt Brothers Ltd. said sales rose 2.1 percent. Rivals were quiet."],
    ["Co.", "Its rival, Mayfield Co. said nothing about the figures. Analysts noticed."],
    ["vs.", "Sales rose 2.1 percent vs. a year earlier. Online orders surged."],
    ["e.g.", "Some costs fell, e.g. diesel and petrol, over the year. Food did not."],
    ["i.e.", "Heart failure affects one in 40, i.e. about 1.1 million adults. The numbers are rising."],
    ["No.", "The case was listed as No. 5 on the docket. It was heard in May."],
  ])("keeps %s inside its sentence", (_abbreviation, text) => {
    const sentences = texts(text);
    expect(sentences).toHaveLength(2);
    expect(sentences.join(" ")).toBe(text);
  });

  it.each(["Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec."])(
    "keeps the month %s with its day",
    (month) => {
      expect(texts(`The vote was set for ${month} 14, 2025, in the capital. It was delayed.`)).toEqual([
        `The vote was set for ${month} 14, 2025, in the capital.`,
        "It was delayed.",
      ]);
    },
  );

  it("keeps initials in a name", () => {
    expect(texts("John F. Kennedy was shot in Dallas in 1963. Oswald was arrested.")).toEqual([
      "John F. Kennedy was shot in Dallas in 1963.",
      "Oswald was arrested.",
    ]);
  });

  it("ends a sentence at an abbreviation when the next word opens a sentence", () => {
    expect(texts("The money went to the U.S. The rest stayed in Norland.")).toEqual([
      "The money went to the U.S.",
      "The rest stayed in Norland.",
    ]);
    expect(texts("Shares fell at Stepwise Inc. However, they recovered.")).toEqual([
      "Shares fell at Stepwise Inc.",
      "However, they recovered.",
    ]);
  });

  it("does not split a list number from its item", () => {
    expect(texts("1. Prices rose 3 percent.")).toEqual(["1. Prices rose 3 percent."]);
  });
});

describe("segmentSentences: numbers and ellipses", () => {
  it("keeps decimal numbers and amounts whole", () => {
    expect(texts("Inflation was 3.5 percent in December. The $1.2 billion subsidy ends in March.")).toEqual([
      "Inflation was 3.5 percent in December.",
      "The $1.2 billion subsidy ends in March.",
    ]);
  });

  it("splits at an ellipsis before a capital but not before lower case", () => {
    expect(texts("It is not a miracle cure... but it is close. We will see… Time will tell.")).toEqual([
      "It is not a miracle cure... but it is close.",
      "We will see…",
      "Time will tell.",
    ]);
  });

  it("keeps a question or exclamation with the attribution that follows it", () => {
    expect(texts('"Why now?" she asked. "Because we can!" he said.')).toEqual([
      '"Why now?" she asked.',
      '"Because we can!" he said.',
    ]);
  });
});

describe("segmentSentences: quotations", () => {
  it("keeps a straight quote that closes after the full stop", () => {
    expect(texts('Verification will only be possible after the conflict ends." The ministry disagreed.')).toEqual([
      'Verification will only be possible after the conflict ends."',
      "The ministry disagreed.",
    ]);
  });

  it("keeps a curly quote that closes after the full stop", () => {
    expect(texts("He called them fighters “defending their lands.” Israel condemned it.")).toEqual([
      "He called them fighters “defending their lands.”",
      "Israel condemned it.",
    ]);
  });

  it("splits a quotation across sentences after its attribution, as the seed article's labels do", () => {
    const text =
      '"Turkey was a prime target of Iranian overtures following the attacks on Oct. 7," Taleblu said. "The more shocks between Turkey and Israel, the more confident Tehran feels."';
    expect(texts(text)).toEqual([
      '"Turkey was a prime target of Iranian overtures following the attacks on Oct. 7," Taleblu said.',
      '"The more shocks between Turkey and Israel, the more confident Tehran feels."',
    ]);
  });

  it("keeps a bare attribution after a closed multi-sentence quotation with the quotation", () => {
    expect(texts('"We are done. We will leave." Okafor said. Markets fell.')).toEqual([
      '"We are done.',
      'We will leave." Okafor said.',
      "Markets fell.",
    ]);
  });

  it("does not split inside a quoted abbreviation followed by a comma", () => {
    expect(texts('"Along with Qatar, Russia, and the U.N., Turkey was a target," he said.')).toHaveLength(1);
  });
});

describe("segmentSentences: lines and offsets", () => {
  it("ends a sentence at every line break, even without a full stop", () => {
    expect(texts("Headline without a stop\nFirst sentence. Second sentence\r\nThird")).toEqual([
      "Headline without a stop",
      "First sentence.",
      "Second sentence",
      "Third",
    ]);
  });

  it("gives trimmed UTF-16 offsets into the original text", () => {
    const text = "  “Émigrés 🙂 left,” she said.  \n\nNext one. ";
    for (const sentence of segmentSentences(text)) {
      expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
      expect(sentence.text).toBe(sentence.text.trim());
    }
    expect(texts(text)).toEqual(["“Émigrés 🙂 left,” she said.", "Next one."]);
  });

  it("leaves page furniture lines out", () => {
    expect(texts("Login\nThe ministry said 40 people died.\nAdvertisement\nShare")).toEqual([
      "The ministry said 40 people died.",
    ]);
  });
});

// The demo desk's content: plain data, no database. The article retells the
// facts of a Fox News Digital report of November 2023 in our own words
// (DESIGN.md: the project keeps no copy of the original text).
import type { ClaimStatus, Role, Stance } from "@/db/schema";

export const DEMO_ARTICLE = {
  title: "Gaza war draws Turkey and Iran closer, setting Ankara apart from its NATO allies",
  outlet: "Fox News Digital (retold in our own words for the Claimtrail demo)",
  url: null,
  author: "Claimtrail demo desk",
  publishedAt: "2023-11-15",
  body: [
    "Turkey and Iran have been drifting towards each other since the war between Israel and Hamas broke out, and officials in both capitals see an opening to revisit disputes that have divided them for years.",
    "Most of Turkey's NATO allies backed Israel's right to defend itself after the Hamas attack of 7 October. Turkey instead lined up with other governments in the Middle East that questioned Israel's conduct and spoke up for the Palestinians.",
    'Turkish President Recep Tayyip Erdogan called the Hamas fighters "mujahideen" who were defending their lands. Erdogan also pressed for a ceasefire and said the West was "too weak" to demand one. Israeli Foreign Ministry spokesperson Lior Haiat condemned the president\'s remarks, the Times of Israel reported.',
    "Ankara's tone has been welcomed in Tehran, but the two governments have tried this before: Al-Monitor reported that Turkey and Iran attempted a rapprochement in 2009 and 2010.",
    "Turkey has also tried to keep some distance from Hamas itself. After the 7 October attack, the Turkish government asked Ismail Haniyeh, the leader of Hamas, to leave Istanbul.",
    "In an address to Turkey's parliament in October, Erdogan faulted Western governments for supporting Israel's military campaign in Gaza. According to the Gaza Health Ministry, which Hamas controls, more than 11,000 Palestinians have been killed in the Israeli operation.",
    'The Biden administration has cast doubt on that count, pointing out that the ministry makes no distinction between civilians and combatants among the dead. In comments to Fox News Digital, Stephane Dujarric, the spokesperson for U.N. Secretary-General Antonio Guterres, said the world body had in the past judged the ministry\'s figures "reliable", but that checking them will have to wait until the conflict is over.',
  ].join("\n\n"),
} as const;

export interface DemoClaim {
  /** How the verdicts below refer to the claim. */
  key: string;
  /** The claim as written: one sentence of DEMO_ARTICLE.body, located at seed time. */
  sentence: string;
  summary: string;
  claimant: string | null;
  reportedBy: string | null;
}

export const DEMO_CLAIMS = [
  {
    key: "nato-allies",
    sentence:
      "Most of Turkey's NATO allies backed Israel's right to defend itself after the Hamas attack of 7 October.",
    summary: "Most NATO allies backed Israel's right to self-defence after 7 October",
    claimant: null,
    reportedBy: null,
  },
  {
    key: "turkey-sided",
    sentence:
      "Turkey instead lined up with other governments in the Middle East that questioned Israel's conduct and spoke up for the Palestinians.",
    summary: "Turkey sided with Middle Eastern states that questioned Israel",
    claimant: null,
    reportedBy: null,
  },
  {
    key: "mujahideen",
    sentence:
      'Turkish President Recep Tayyip Erdogan called the Hamas fighters "mujahideen" who were defending their lands.',
    summary: 'Erdogan called Hamas fighters "mujahideen" defending their lands',
    claimant: "Recep Tayyip Erdogan",
    reportedBy: null,
  },
  {
    key: "ceasefire",
    sentence: 'Erdogan also pressed for a ceasefire and said the West was "too weak" to demand one.',
    summary: 'Erdogan urged a ceasefire and called the West "too weak" to demand one',
    claimant: "Recep Tayyip Erdogan",
    reportedBy: null,
  },
  {
    key: "haiat",
    sentence:
      "Israeli Foreign Ministry spokesperson Lior Haiat condemned the president's remarks, the Times of Israel reported.",
    summary: "Israel's Foreign Ministry condemned Erdogan's remarks",
    claimant: "Lior Haiat",
    reportedBy: "Times of Israel",
  },
  {
    key: "rapprochement",
    sentence: "Al-Monitor reported that Turkey and Iran attempted a rapprochement in 2009 and 2010.",
    summary: "Turkey and Iran tried a rapprochement in 2009 and 2010",
    claimant: null,
    reportedBy: "Al-Monitor",
  },
  {
    key: "haniyeh",
    sentence:
      "After the 7 October attack, the Turkish government asked Ismail Haniyeh, the leader of Hamas, to leave Istanbul.",
    summary: "Turkey asked Hamas leader Ismail Haniyeh to leave Istanbul after 7 October",
    claimant: null,
    reportedBy: null,
  },
  {
    key: "parliament",
    sentence:
      "In an address to Turkey's parliament in October, Erdogan faulted Western governments for supporting Israel's military campaign in Gaza.",
    summary: "Erdogan told parliament the West was wrong to back Israel's Gaza campaign",
    claimant: "Recep Tayyip Erdogan",
    reportedBy: null,
  },
  {
    key: "death-toll",
    sentence:
      "According to the Gaza Health Ministry, which Hamas controls, more than 11,000 Palestinians have been killed in the Israeli operation.",
    summary: "More than 11,000 Palestinians killed in Israel's Gaza operation",
    claimant: "Gaza Health Ministry",
    reportedBy: "Fox News Digital",
  },
  {
    key: "biden-doubts",
    sentence:
      "The Biden administration has cast doubt on that count, pointing out that the ministry makes no distinction between civilians and combatants among the dead.",
    summary: "Biden administration doubts the toll: no civilian/combatant split",
    claimant: "Biden administration",
    reportedBy: "Fox News Digital",
  },
  {
    key: "un-reliable",
    sentence:
      'In comments to Fox News Digital, Stephane Dujarric, the spokesperson for U.N. Secretary-General Antonio Guterres, said the world body had in the past judged the ministry\'s figures "reliable", but that checking them will have to wait until the conflict is over.',
    summary: 'U.N. has found ministry figures "reliable" before; verification must wait',
    claimant: "Stephane Dujarric",
    reportedBy: "Fox News Digital",
  },
] as const satisfies readonly DemoClaim[];

/** A demo claim by its key, e.g. "death-toll". */
export type DemoClaimKey = (typeof DEMO_CLAIMS)[number]["key"];

/** The demo claim with this key. */
export function demoClaim(key: DemoClaimKey): DemoClaim {
  const claim = DEMO_CLAIMS.find((c) => c.key === key);
  if (!claim) throw new Error(`Demo data: no demo claim "${key}".`);
  return claim;
}

export interface DemoEvidence {
  url: string;
  title: string;
  publisher: string;
  quotedPassage: string | null;
  stance: Stance;
}

export interface DemoVerdict {
  claim: DemoClaimKey;
  status: Exclude<ClaimStatus, "unverified">;
  rationale: string;
  evidence: readonly DemoEvidence[];
}

// Two verdicts show both sides of "attribution is not truth" (DESIGN.md, Status
// rules): the ministry's figure is disputed, while the U.N. spokesperson's
// statement about it is sourced as a statement. The evidence links are the
// publishers' public briefing pages, not one transcript, and quote nothing we
// have not read.
export const DEMO_VERDICTS: readonly DemoVerdict[] = [
  {
    claim: "death-toll",
    status: "disputed",
    rationale:
      "The ministry did publish this figure, so the attribution stands, but the number itself is contested: the Biden administration questioned it because the ministry counts civilians and combatants together, and the U.N. says it can only be verified once the fighting stops.",
    evidence: [
      {
        url: "https://www.state.gov/department-press-briefings/",
        title: "Department press briefings, October and November 2023",
        publisher: "U.S. Department of State",
        quotedPassage: null,
        stance: "contradicts",
      },
      {
        url: "https://press.un.org/en",
        title: "Daily noon briefings by the Spokesperson for the U.N. Secretary-General",
        publisher: "United Nations",
        quotedPassage: null,
        stance: "context",
      },
    ],
  },
  {
    claim: "un-reliable",
    status: "sourced",
    rationale:
      "The Secretary-General's spokesperson said this on the record to Fox News Digital. This verdict covers what the U.N. said, not whether the ministry's figures are right.",
    evidence: [
      {
        url: "https://www.un.org/sg/en",
        title: "Stephane Dujarric, Spokesperson for the Secretary-General, on the record to Fox News Digital",
        publisher: "United Nations",
        quotedPassage: null,
        stance: "supports",
      },
    ],
  },
];

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
}

// .test is reserved (RFC 2606), so these can never be someone's real mailbox.
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "admin@claimtrail.test", name: "Demo Admin", role: "admin" },
  { email: "editor@claimtrail.test", name: "Demo Editor", role: "editor" },
  { email: "reviewer@claimtrail.test", name: "Demo Reviewer", role: "reviewer" },
];

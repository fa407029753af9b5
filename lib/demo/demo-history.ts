import { createArticle } from "@/lib/articles/articles";
import type { SessionUser } from "@/lib/auth/principal";
import { assignClaim } from "@/lib/claims/assignment";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { addEvidence } from "@/lib/claims/evidence";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { submitCorrectionRequest } from "@/lib/public/correction-requests";

// Ten weeks of past work for the demo desk, so a new install's insights page
// has something to show: four local stories (invented, in our own words),
// their claims brought in week by week, verdicts, publications, a few
// corrections, readers' requests and claims left waiting. Every write goes
// through lib like any other, each at its own past time, oldest first, before
// the demo's present-day writes, so the audit log stays in time order.

interface HistoryArticle {
  title: string;
  outlet: string;
  /** Weeks before now the article was brought in. */
  weeksAgo: number;
  intro: string;
  claims: { sentence: string; summary: string; claimant: string }[];
}

const ARTICLES: HistoryArticle[] = [
  {
    title: "Harbourton council passes its budget with shorter library hours",
    outlet: "Harbourton Courier (invented for the Claimtrail demo)",
    weeksAgo: 10,
    intro: "Harbourton's council voted through next year's budget on Tuesday after a long evening session.",
    claims: [
      {
        sentence: "The council said the budget raises spending on road repairs by 12 percent.",
        summary: "Budget raises road repair spending by 12 percent",
        claimant: "Harbourton City Council",
      },
      {
        sentence: "Councillor Ana Ruiz said library opening hours will fall by a third.",
        summary: "Library opening hours will fall by a third",
        claimant: "Councillor Ana Ruiz",
      },
      {
        sentence: "The mayor's office said council tax will not rise for the third year running.",
        summary: "Council tax frozen for a third year",
        claimant: "Mayor's office",
      },
      {
        sentence: "The library workers' union said 40 posts will go before the summer.",
        summary: "40 library posts to go before the summer",
        claimant: "Library workers' union",
      },
      {
        sentence: "Councillor Ana Ruiz said the city has the lowest spending per pupil in the region.",
        summary: "City has the region's lowest spending per pupil",
        claimant: "Councillor Ana Ruiz",
      },
      {
        sentence: "The council said its reserves would cover two months of running costs.",
        summary: "Reserves cover two months of running costs",
        claimant: "Harbourton City Council",
      },
    ],
  },
  {
    title: "The east tram line opens eight months late",
    outlet: "Harbourton Courier (invented for the Claimtrail demo)",
    weeksAgo: 8,
    intro: "The first passengers rode the east tram line on Saturday morning.",
    claims: [
      {
        sentence: "The transit authority said the line carried 9,000 passengers on its first day.",
        summary: "East line carried 9,000 passengers on day one",
        claimant: "Harbourton Transit Authority",
      },
      {
        sentence: "The riders' association said the project ran 30 percent over its budget.",
        summary: "Tram project ran 30 percent over budget",
        claimant: "Harbourton Riders' Association",
      },
      {
        sentence: "The mayor's office said the new line will take 2,000 cars a day off the ring road.",
        summary: "Line will take 2,000 cars a day off the ring road",
        claimant: "Mayor's office",
      },
      {
        sentence: "The transit authority said fares will stay at the bus price until next year.",
        summary: "Tram fares held at the bus price until next year",
        claimant: "Harbourton Transit Authority",
      },
      {
        sentence: "Councillor Ana Ruiz said the delay cost the city 15 million in extra fees.",
        summary: "Tram delay cost the city 15 million in fees",
        claimant: "Councillor Ana Ruiz",
      },
      {
        sentence: "The riders' association said trams run every twelve minutes at peak times.",
        summary: "Trams run every twelve minutes at peak times",
        claimant: "Harbourton Riders' Association",
      },
    ],
  },
  {
    title: "Health board and nurses disagree over hospital waiting times",
    outlet: "Northshore Evening News (invented for the Claimtrail demo)",
    weeksAgo: 6,
    intro: "Figures published this week have started an argument over how long patients wait.",
    claims: [
      {
        sentence: "The health board said the median wait in the emergency department fell to three hours.",
        summary: "Median emergency wait fell to three hours",
        claimant: "Northshore Health Board",
      },
      {
        sentence: "The nurses' union said one ward in four is short of staff every night.",
        summary: "One ward in four short of staff every night",
        claimant: "Northshore Nurses' Union",
      },
      {
        sentence: "The health board said it hired 120 nurses from abroad last year.",
        summary: "Health board hired 120 nurses from abroad",
        claimant: "Northshore Health Board",
      },
      {
        sentence: "The mayor's office said the new clinic will see 50,000 patients a year.",
        summary: "New clinic will see 50,000 patients a year",
        claimant: "Mayor's office",
      },
      {
        sentence: "The nurses' union said agency staff cost twice as much as permanent nurses.",
        summary: "Agency staff cost twice as much as permanent nurses",
        claimant: "Northshore Nurses' Union",
      },
      {
        sentence: "Councillor Ana Ruiz said waiting lists have doubled since the clinic closed.",
        summary: "Waiting lists doubled since the clinic closed",
        claimant: "Councillor Ana Ruiz",
      },
    ],
  },
  {
    title: "River wall finished before the winter floods",
    outlet: "Northshore Evening News (invented for the Claimtrail demo)",
    weeksAgo: 3,
    intro: "Work on the new river wall ended on Friday, a month before the usual flood season.",
    claims: [
      {
        sentence: "The environment agency said the wall protects 3,400 homes.",
        summary: "River wall protects 3,400 homes",
        claimant: "Environment agency",
      },
      {
        sentence: "The mayor's office said the wall came in under its budget.",
        summary: "River wall came in under budget",
        claimant: "Mayor's office",
      },
      {
        sentence: "The environment agency said floods in the valley have doubled in ten years.",
        summary: "Valley floods doubled in ten years",
        claimant: "Environment agency",
      },
      {
        sentence: "Councillor Ana Ruiz said the insurance premiums of riverside homes rose by half.",
        summary: "Riverside insurance premiums rose by half",
        claimant: "Councillor Ana Ruiz",
      },
      {
        sentence: "The council said the old embankment had failed twice since 2010.",
        summary: "Old embankment failed twice since 2010",
        claimant: "Harbourton City Council",
      },
      {
        sentence: "The environment agency said the wall will last a hundred years.",
        summary: "River wall will last a hundred years",
        claimant: "Environment agency",
      },
    ],
  },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A small fixed sequence of pseudo-random numbers: the same history on every install. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The clock as the desk's writes read it: `new Date()` and `Date.now()`, pinned to `at`. */
function pastDate(at: number): DateConstructor {
  class PastDate extends Date {
    constructor(...args: [] | [string | number | Date]) {
      if (args.length === 0) super(at);
      else super(args[0]);
    }
    static override now(): number {
      return at;
    }
  }
  return PastDate as DateConstructor;
}

/**
 * Runs `work` with the clock reading `at`. The desk's writes stamp their rows
 * and audit events with `new Date()`; the demo's past is written by the same
 * code, so only the clock is moved, and it is back before this returns. The
 * seed runs alone in its process (npm start loads it before serving), so
 * nothing else reads the clock meanwhile, even across the awaits of hashing a
 * password.
 */
export async function atPastTime<T>(at: number, work: () => T | Promise<T>): Promise<T> {
  const RealDate = Date;
  globalThis.Date = pastDate(at);
  try {
    return await work();
  } finally {
    globalThis.Date = RealDate;
  }
}

function atTime(at: number, work: () => void): void {
  const RealDate = Date;
  globalThis.Date = pastDate(at);
  try {
    work();
  } finally {
    globalThis.Date = RealDate;
  }
}

/** When the history starts: the team's accounts are made then, before its first article. */
export function demoHistoryStart(end: Date): number {
  return end.getTime() - (Math.max(...ARTICLES.map((a) => a.weeksAgo)) * 7 + 1) * DAY_MS;
}

type Step = { at: number; run: () => void };

export interface DemoHistoryPeople {
  reviewer: SessionUser;
  editor: SessionUser;
  admin: SessionUser;
}

/** Writes the demo's past weeks, ending an hour before `end`. Returns how many claims it brought in. */
export function loadDemoHistory(people: DemoHistoryPeople, end: Date = new Date()): number {
  const rand = sequence(14);
  const last = end.getTime() - HOUR_MS;
  const steps: Step[] = [];
  const later = (at: number, run: () => void) => steps.push({ at: Math.min(at, last), run });
  const versions = new Map<string, number>();
  const claimIds = new Map<string, { id: number; slug: string }>();
  const ref = (key: string) => {
    const claim = claimIds.get(key);
    if (!claim) throw new Error(`Demo history: claim ${key} was not brought in yet.`);
    return claim;
  };
  // Verdicts by the reviewer mostly, some by the admin; publication by whoever did not set it (four-eyes).
  const setVerdict = (key: string, by: SessionUser, status: "sourced" | "disputed", note: string) => {
    const claim = ref(key);
    const added = addEvidence({
      by,
      claimId: claim.id,
      url: `https://example.org/harbourton/${claim.slug}/${status}`,
      title: `Record checked for "${claim.slug.replaceAll("-", " ")}"`,
      publisher: "Public records (demo)",
      stance: status === "sourced" ? "supports" : "contradicts",
    });
    const set = setClaimStatus({ by, claimId: claim.id, expectedVersion: added.version, status, rationale: note });
    versions.set(key, set.version);
  };
  const publish = (key: string, by: SessionUser, reason?: string) => {
    publishClaim({ by, claimId: ref(key).id, expectedVersion: versions.get(key), reason });
  };

  let claimNumber = 0;
  for (const [a, article] of ARTICLES.entries()) {
    const broughtIn = end.getTime() - article.weeksAgo * 7 * DAY_MS + 9 * HOUR_MS;
    const body = [article.intro, ...article.claims.map((c) => c.sentence)].join("\n\n");
    let articleId = 0;
    later(broughtIn, () => {
      articleId = createArticle({
        by: people.reviewer,
        title: article.title,
        outlet: article.outlet,
        author: "Claimtrail demo desk",
        publishedAt: new Date(broughtIn - DAY_MS).toISOString().slice(0, 10),
        body,
      }).id;
    });
    for (const [c, claim] of article.claims.entries()) {
      const key = `${a}-${c}`;
      const n = claimNumber++;
      // Claims come in over the article's first week or so.
      const created = broughtIn + (c * 0.9 + rand()) * DAY_MS;
      later(created, () => {
        const start = body.indexOf(claim.sentence);
        claimIds.set(
          key,
          createClaim({
            by: people.reviewer,
            articleId,
            spanStart: start,
            spanEnd: start + claim.sentence.length,
            summary: claim.summary,
            claimant: claim.claimant,
          }),
        );
      });
      // Every fifth claim is still waiting: assigned to someone, or to nobody, and left alone.
      if (n % 5 === 4) {
        if (n % 2 === 0) {
          later(created + HOUR_MS, () =>
            assignClaim({
              by: people.editor,
              claimId: ref(key).id,
              assigneeId: people.reviewer.id,
              expectedAssigneeId: "",
            }),
          );
        }
        continue;
      }
      const byAdmin = n % 4 === 1;
      const checker = byAdmin ? people.admin : people.reviewer;
      const publisher = byAdmin ? people.editor : n % 3 === 0 ? people.admin : people.editor;
      const status = n % 3 === 2 ? "disputed" : "sourced";
      const decided = created + (0.5 + rand() * 6 + (article.weeksAgo > 5 ? rand() * 4 : 0)) * DAY_MS;
      later(decided, () =>
        setVerdict(key, checker, status, `Checked against the published record for ${claim.claimant}.`),
      );
      // Most verdicts are published within days; a few still wait for an editor.
      if (n % 7 === 6) continue;
      const published = decided + (0.2 + rand() * 3) * DAY_MS;
      later(published, () => publish(key, publisher));
      if (n % 6 === 1) {
        // A reader writes in, the checker revises the verdict, and an editor publishes the correction.
        const requested = published + (2 + rand() * 5) * DAY_MS;
        later(requested, () =>
          submitCorrectionRequest({
            slug: ref(key).slug,
            message: "The figure in this claim was revised in a later statement.",
            address: `198.51.100.${n}`,
          }),
        );
        later(requested + (1 + rand() * 2) * DAY_MS, () => {
          setVerdict(key, checker, status === "sourced" ? "disputed" : "sourced", "Revised after a reader's request.");
          publish(key, publisher, "A later statement changed the figure.");
        });
      } else if (n === 10) {
        later(published + 4 * DAY_MS, () =>
          unpublishClaim({ by: people.editor, claimId: ref(key).id, reason: "Published against the wrong article." }),
        );
      }
    }
  }

  steps.sort((x, y) => x.at - y.at);
  for (const step of steps) atTime(step.at, step.run);
  return claimNumber;
}

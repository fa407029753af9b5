import type { AboutSectionKey } from "@/lib/public/about-sections";

// The demo desk's /about page: an imaginary newsroom, said to be one in its
// very first line, so nobody takes the demo for a real signatory.
export const DEMO_ABOUT: Record<AboutSectionKey, string> = {
  organisation: [
    "The Claimtrail Fact Check Desk is an imaginary newsroom: it exists only in this demonstration, and so do its people, its money and its address. It is written the way a small independent fact-checker would describe itself, so you can see what the page looks like before you write your own.",
    "In the story it tells, the desk is a non-profit company limited by guarantee, registered in 2021 with its office in Harbourside, and four staff. It checks claims about public health, conflict casualty figures and public spending made in news reports, by officials and by campaigners. It does not endorse candidates or parties, and its staff do not hold office in any of them.",
    "Every verdict we publish names its evidence and keeps a history of every change. How we decide is set out in [our methodology](/methodology).",
  ].join("\n\n"),
  team: [
    "Mara Lindqvist, editor: decides what we check and publishes verdicts.",
    "Tomasz Okafor, deputy editor: publishes verdicts and answers correction requests.",
    "Inès Varga, fact-checker: researches claims and sets verdicts.",
    "Jonah Pereira, fact-checker and data: researches claims and keeps the desk's tools running.",
    "",
    "No verdict is published by the person who set it: a second editor reads it first. The team is reached at desk@claimtrail.example (an address that, like the team, is made up).",
  ].join("\n"),
  funding: [
    "The desk is owned by its members, who are its staff; no one holds more than a quarter of the votes and no company or government owns any part of it.",
    "In the last financial year (imaginary figures) it spent 212,000 in total. 46 % came from a charitable foundation grant for health reporting, 31 % from readers' donations (1,420 donors, none above 2 %), 15 % from fact-checking work for a video platform, and 8 % from training courses. Funders see our verdicts when readers do, and none may ask for a claim to be checked or left alone.",
  ].join("\n\n"),
  corrections: [
    "When we get a verdict wrong, or new evidence changes it, we correct it in the open. The verdict on the claim's page changes, the page says it was corrected, when and why, and the correction is listed on [our corrections page](/corrections) and in our feed. We never delete a published verdict quietly: when one is withdrawn, the corrections page says so and why.",
    "We aim to publish a correction within two working days of learning we were wrong. The rules a correction must meet are in [our methodology](/methodology#corrections-heading).",
  ].join("\n\n"),
  complaints: [
    "If you think a verdict is wrong, use the form at the foot of the claim's page ([how correction requests work](/methodology#ask-heading)). Tell us what is wrong and, if you can, the source that shows it; an email address is optional and only used to answer you.",
    "An editor who did not set the verdict reads every request, normally within three working days. If we change the verdict, the correction appears on the claim's page and on [our corrections page](/corrections).",
    "If you are not satisfied with our answer, write to the editor at desk@claimtrail.example. A complaint about a signatory of the International Fact-Checking Network's code of principles can also go to the network itself; this imaginary desk has signed nothing.",
  ].join("\n\n"),
};

// Word lists shared by segmentation, naming and scoring. Kept small and plain
// so that a reviewer can see why a rule fired.

/**
 * Capitalised words that commonly open an English sentence without being a
 * name. After an abbreviation ("in the U.S. The …") one of these means a new
 * sentence; at the start of a sentence they are not read as names.
 */
export const SENTENCE_STARTERS: ReadonlySet<string> = new Set(
  (
    "A An The This That These Those It Its It's He She They We I You His Her Their Our My Your There Here " +
    "In On At By For From With Without Within After Before During Since Until While When Where Whether Which Who Whom Whose What Why How " +
    "If As Although Though Because But And Or Nor So Yet Still However Meanwhile Moreover Furthermore Also Instead Then Now Today " +
    "Yesterday Tomorrow Last Next Some Many Most Much More Few Fewer Less All Both Each Every Either Neither No Not Only Even Such " +
    "Other Another One Two Three Four Five Six Seven Eight Nine Ten Half According Despite Among Amid Under Over About Around Asked " +
    "Once Earlier Later Perhaps Indeed Overall Unlike Like Nearly Almost Just Already Again Further Thus Hence Therefore Otherwise " +
    "Nevertheless Nonetheless Similarly Likewise Finally First Second Third Yes To Of Do Does Did Is Are Was Were Has Have Had Will " +
    "Would Can Could Should Must May Might Let Please Whatever Whoever Although Whereas Given Following Separately Elsewhere"
  ).split(" "),
);

/** Month names as written in dates; "May" only counts with a day or a year beside it. */
export const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
export const MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec";
export const WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

/** A word that opens a name: "Erdogan", "Al-Monitor", "U.N.", "O'Brien", "Bride's". */
export const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}\p{N}'’.&-]*`;

/** Small words that may sit inside a name: "Foundation for Defense of Democracies", "Times of Israel". */
export const NAME_JOINERS = "of|for|de|del|der|du|da|al|bin|van|von|la|le";

/** A URL slug from free text: lower-case ASCII words joined by hyphens, at most `max` characters. */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.slice(0, max).replace(/-+[^-]*$/, "");
  return (slug.length > max ? cut || slug.slice(0, max) : slug) || "item";
}

/** The first of `base`, `base-2`, `base-3`, … that `taken` says is free. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

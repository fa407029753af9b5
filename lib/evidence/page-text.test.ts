import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pageText, readArticle } from "./page-text";

const NEWS_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Casualty figures: what we know | Example News</title>
  <link rel="stylesheet" href="/site.css">
  <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Casualty figures"}</script>
  <style>.headline { font-size: 2rem } p > a { color: blue }</style>
</head>
<body class="article-page">
  <!-- Google Tag Manager --><noscript><iframe src="https://tags.example/ns.html"></iframe></noscript>
  <header class="site-header">
    <a class="logo" href="/"><svg viewBox="0 0 10 10"><title>Example News</title><path d="M0 0h10v10H0z"/></svg></a>
    <nav aria-label="Sections"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>
    <button type="button">Subscribe</button>
  </header>
  <main>
    <article>
      <h1 class="headline">Casualty figures: what we know</h1>
      <p class="byline">By <a href="/staff/jane">Jane Doe</a> &middot; 3&nbsp;May&nbsp;2024</p>
      <p>The Health Ministry said on Tuesday that <strong>34,500</strong> people had been killed,
         a figure it said included &#8220;women and children&#8221;.</p>
      <figure><img src="/chart.png" alt="Chart"><figcaption>Figures reported by the ministry.</figcaption></figure>
      <blockquote><p>&lsquo;The numbers are broadly reliable,&rsquo; a U.N. official said.</p></blockquote>
      <script>
        if (window.innerWidth < 600 && document.querySelector("p")) { loadAds("</div>"); }
      </script>
      <aside class="related"><h2>Related</h2><ul><li><a href="/a">Another story</a></li></ul></aside>
      <p>Critics say the count &mdash; compiled from hospital records &amp; reports &mdash; cannot be checked independently.</p>
      <ul>
        <li>Hospitals: 21,000</li>
        <li>Morgues: 13,500</li>
      </ul>
      <table><tr><th>Source</th><th>Count</th></tr><tr><td>Ministry</td><td>34,500</td></tr></table>
      <template id="share"><div>Share this story</div></template>
    </article>
  </main>
  <footer><p>&copy; 2024 Example News</p><nav><a href="/privacy">Privacy</a></nav></footer>
</body>
</html>`;

const NEWS_TEXT = [
  "Casualty figures: what we know",
  "",
  "By Jane Doe · 3 May 2024",
  "",
  "The Health Ministry said on Tuesday that 34,500 people had been killed, a figure it said included “women and children”.",
  "",
  "Figures reported by the ministry.",
  "",
  "‘The numbers are broadly reliable,’ a U.N. official said.",
  "",
  "Critics say the count — compiled from hospital records & reports — cannot be checked independently.",
  "",
  "Hospitals: 21,000",
  "Morgues: 13,500",
  "",
  "Source Count",
  "Ministry 34,500",
].join("\n");

describe("pageText on HTML", () => {
  it("keeps what a reader of the article sees, in order, and nothing else", () => {
    expect(pageText(NEWS_PAGE, "text/html; charset=utf-8")).toBe(NEWS_TEXT);
  });

  it("treats application/xhtml+xml as HTML and is case-insensitive about the type", () => {
    expect(pageText("<p>One</p><p>Two &amp; three</p>", "Application/XHTML+XML")).toBe("One\n\nTwo & three");
  });

  it("gives the same text when only markup, scripts or spacing change", () => {
    const variant = NEWS_PAGE.replace('class="article-page"', 'class="article-page ab-test-7" data-session="91c2"')
      .replace("loadAds", "loadOtherAds")
      .replace("<!-- Google Tag Manager -->", "<!-- build 2024-05-04 -->")
      .replace(/\n\s+/g, "\n");
    expect(pageText(variant, "text/html")).toBe(NEWS_TEXT);
    expect(pageText(NEWS_PAGE, "text/html")).toBe(pageText(NEWS_PAGE, "text/html"));
  });

  it("drops script, style, noscript, template, svg, head, nav, footer and aside contents and comments", () => {
    const html =
      "<p>kept</p><script>s()</script><style>x{}</style><noscript>ns</noscript><template>t</template>" +
      "<svg><text>v</text></svg><nav>n</nav><footer>f</footer><aside>a</aside><!-- c --><p>also kept</p>";
    expect(pageText(html, "text/html")).toBe("kept\n\nalso kept");
  });

  it("ends a <head> left open at the first body content, as browsers do", () => {
    expect(pageText("<html><head><title>T</title><meta charset=utf-8><p>Body text</p>", "text/html")).toBe("Body text");
    expect(pageText("<head><link rel=x><body>Body text", "text/html")).toBe("Body text");
  });

  it("does not end a tag at a '>' inside a quoted attribute", () => {
    expect(pageText("<a title=\"a > b\" href='/x>y'>link</a> text", "text/html")).toBe("link text");
  });

  it("handles nested skipped elements and stray end tags", () => {
    expect(pageText("<aside>a<nav>n</nav>still aside</aside><p>shown</p></nav></footer><p>too</p>", "text/html")).toBe(
      "shown\n\ntoo",
    );
  });

  it("keeps line breaks inside <pre> and turns <br> into a line break", () => {
    expect(pageText("<pre>line one\n  line two</pre><p>a<br>b<br/>c</p>", "text/html")).toBe(
      "line one\nline two\n\na\nb\nc",
    );
  });

  it("keeps a lone '<' that does not start a tag", () => {
    expect(pageText("<p>3 < 5 and 5 > 3, <3</p>", "text/html")).toBe("3 < 5 and 5 > 3, <3");
  });

  it("removes soft hyphens and zero-width spaces so quoted words still match", () => {
    expect(pageText("<p>infor&shy;mation and non\u200Bbreaking</p>", "text/html")).toBe("information and nonbreaking");
  });

  it("treats an unterminated comment, script or tag as running to the end", () => {
    expect(pageText("<p>before</p><!-- never closed <p>hidden</p>", "text/html")).toBe("before");
    expect(pageText("<p>before</p><script>var a = '<p>hidden</p>'", "text/html")).toBe("before");
    expect(pageText('<p>before</p><a href="never closed>hidden', "text/html")).toBe("before");
  });
});

describe("pageText on plain text", () => {
  it("normalises line ends, spacing and blank lines but keeps the words", () => {
    expect(pageText("  Line one  \r\n\r\n\r\n\tLine\u00a0  two \rThird line\n\n", "text/plain")).toBe(
      "Line one\n\nLine two\nThird line",
    );
  });

  it("does not read markup or entities in plain text or JSON", () => {
    expect(pageText("<p>5 &lt; 6</p>", "text/plain; charset=utf-8")).toBe("<p>5 &lt; 6</p>");
    expect(pageText('{"html": "<b>x</b>"}', "application/json")).toBe('{"html": "<b>x</b>"}');
  });
});

describe("pageText on character references", () => {
  // htmlparser2 decodes references as the HTML standard says; the old hand-written table
  // left "&amp" without its semicolon as written, where browsers (and now we) read "&".
  it.each([
    ["&amp;&lt;&gt;&quot;&apos;", "&<>\"'"],
    ["&eacute;t&eacute; &Ccedil;a &scaron; &aring; &ntilde;", "été Ça š å ñ"],
    ["&#8220;x&#8221; &#x2014; &#X1F600;", "“x” — 😀"],
    ["&#146;s &#150; &#128;", "’s – €"],
    ["&#0; &#xD800; &#x110000;", "\ufffd \ufffd \ufffd"],
    ["&unknown; &amp &; &#; &#x;", "&unknown; & &; &#; &#x;"],
    ["AT&T &copy;2024", "AT&T ©2024"],
  ])("decodes %j", (input, expected) => {
    expect(pageText(`<p>${input}</p>`, "text/html")).toBe(expected);
  });
});

describe("pageText on hostile input", () => {
  const size = 2 * 1024 * 1024;
  const repeatTo = (unit: string): string => unit.repeat(Math.ceil(size / unit.length));

  it.each([
    ["lone angle brackets", repeatTo("<")],
    ["unclosed tags", repeatTo("<a ")],
    ["unclosed attribute quotes", repeatTo('<a b="')],
    ["comment openers", repeatTo("<!--")],
    ["script openers", repeatTo("<script>")],
    ["bogus end tags", repeatTo("</")],
    ["entity starts", repeatTo("&#")],
    ["long entity names", repeatTo("&abcdefghijklmnopqrstuvwxyz")],
    ["nested skipped elements", repeatTo("<nav><aside>")],
    [
      "skipped elements then stray ends",
      `${repeatTo("<nav>").slice(0, size / 2)}${repeatTo("</aside>").slice(0, size / 2)}`,
    ],
    ["deep divs", repeatTo("<div>")],
    ["paragraph breaks", repeatTo("<p>")],
    ["tags with many attributes", `<p ${repeatTo("a=1 ")}>`],
  ])("returns for 2 MB of %s", (_name, input) => {
    expect(input.length).toBeGreaterThanOrEqual(size);
    expect(typeof pageText(input, "text/html")).toBe("string");
  });

  it("returns the text itself for 2 MB of '<' and plain words", () => {
    expect(pageText(repeatTo("<"), "text/html")).toBe(repeatTo("<"));
    expect(pageText(`${repeatTo("<div>")}visible`, "text/html")).toBe("visible");
    expect(pageText(`${repeatTo("<nav>")}hidden`, "text/html")).toBe("");
  });

  const htmlish = fc.stringMatching(
    /^(<\/?(p|div|script|style|nav|head|body|pre|svg|a|br)( [a-z]+(="[^"]*"|='[^']*')?)* ?\/?>|<!--|-->|&[#a-zA-Z0-9]*;?|[<>"'=&/ \n\tA-Za-z0-9\u00a0\u00ad\u2019])*$/,
  );

  it("never throws, and its output is already in normal form", () => {
    fc.assert(
      fc.property(fc.oneof(htmlish, fc.string({ unit: "binary" })), (input) => {
        const text = pageText(input, "text/html");
        expect(pageText(text, "text/plain")).toBe(text);
        expect(text).toBe(pageText(input, "text/html"));
      }),
      { numRuns: 500 },
    );
  });
});

// An article page of our own with the furniture real news sites put around the story:
// a cookie notice, share buttons, a "most read" box and a comment thread in plain divs.
const PARAGRAPHS = [
  "The regional water board said on Monday that reservoir levels had fallen to 41 per cent of capacity, the lowest reading for the month since its records began.",
  "Its chair told a committee of the assembly that the figure came from gauges at all nine reservoirs, read each morning and published on the board's website a day later.",
  "Farmers' groups disputed the comparison, saying the board had changed how it measured two of the reservoirs in 2019, which made older readings look higher than they were.",
  "The board accepted that the method had changed but said the two reservoirs held less than a tenth of the region's water, so the change could not explain the fall.",
];
const ARTICLE_PAGE = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Reservoirs at lowest level on record, board says - Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta name="author" content="Sam Rivera">
<meta property="article:published_time" content="2025-07-14T06:30:00+02:00">
<script>window.dataLayer = [];</script>
</head><body>
<div class="cookie-banner" id="gdpr-consent">We use cookies to improve your experience. Accept all cookies</div>
<div class="site-menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></div>
<div id="content"><article>
<h1>Reservoirs at lowest level on record, board says</h1>
<div class="social-share"><a href="/share/x">Share on X</a> <a href="/share/mail">Email this story</a></div>
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n")}
</article>
<div class="most-read-sidebar"><h3>Most read</h3><a href="/a">Council tax to rise</a> <a href="/b">Bridge closed for repairs</a></div>
<div id="comments" class="comment-list"><p>Reader comment: the board has been warned about this for years and did nothing at all about it.</p></div>
</div></body></html>`;

describe("pageText on an article page", () => {
  it("keeps the headline and the story, and drops the banners, share links, sidebar and comments", () => {
    // The old converter kept all of these: they are plain divs, not nav, aside or footer.
    expect(pageText(ARTICLE_PAGE, "text/html")).toBe(
      ["Reservoirs at lowest level on record, board says", ...PARAGRAPHS].join("\n\n"),
    );
  });

  it("gives the same text when the furniture around the story changes", () => {
    const variant = ARTICLE_PAGE.replace("Council tax to rise", "Library hours cut").replace(
      "did nothing at all about it",
      "should resign",
    );
    expect(pageText(variant, "text/html")).toBe(pageText(ARTICLE_PAGE, "text/html"));
  });
});

describe("readArticle", () => {
  it("reads the title, byline, site name, publication time and text of an article", () => {
    expect(readArticle(ARTICLE_PAGE)).toEqual({
      title: "Reservoirs at lowest level on record, board says",
      byline: "Sam Rivera",
      siteName: "Valley Courier",
      publishedTime: "2025-07-14T04:30:00.000Z",
      publishedDate: "2025-07-14",
      text: PARAGRAPHS.join("\n\n"),
      found: true,
    });
  });

  it("takes the date from JSON-LD, microdata or a <time> when there is no article:published_time", () => {
    const withoutMeta = ARTICLE_PAGE.replace(/<meta property="article:published_time"[^>]*>/, "");
    expect(readArticle(withoutMeta).publishedTime).toBeNull();
    const jsonLd = withoutMeta.replace(
      "</head>",
      '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2025-07-13"}</script></head>',
    );
    expect(readArticle(jsonLd).publishedTime).toBe("2025-07-13T00:00:00.000Z");
    const time = withoutMeta.replace("<h1>", '<time datetime="2025-07-12T09:00:00Z">12 July</time><h1>');
    expect(readArticle(time).publishedTime).toBe("2025-07-12T09:00:00.000Z");
    const garbled = ARTICLE_PAGE.replace("2025-07-14T06:30:00+02:00", "last Tuesday");
    expect(readArticle(garbled).publishedTime).toBeNull();
  });

  it("dates an article by the day its page gives, not the UTC day", () => {
    const lateNight = ARTICLE_PAGE.replace("2025-07-14T06:30:00+02:00", "2025-07-14T00:15:00+02:00");
    expect(readArticle(lateNight)).toMatchObject({
      publishedTime: "2025-07-13T22:15:00.000Z",
      publishedDate: "2025-07-14",
    });
    const noDate = ARTICLE_PAGE.replace(/<meta property="article:published_time"[^>]*>/, "");
    expect(readArticle(noDate).publishedDate).toBeNull();
    const written = ARTICLE_PAGE.replace("2025-07-14T06:30:00+02:00", "July 14, 2025 18:00 GMT");
    expect(readArticle(written).publishedDate).toBe("2025-07-14");
  });

  it("gives the byline without its leading \"By\"", () => {
    const printed = ARTICLE_PAGE.replace('<meta name="author" content="Sam Rivera">', "").replace(
      "<h1>",
      '<p class="byline">By Sam Rivera</p><h1>',
    );
    expect(readArticle(printed).byline).toBe("Sam Rivera");
  });

  it("gives the whole page's text and its <title> when there is no article", () => {
    expect(readArticle("<title>Notice</title><p>Service resumes at noon.</p>")).toMatchObject({
      title: "Notice",
      byline: null,
      text: "Service resumes at noon.",
      found: false,
    });
  });
});

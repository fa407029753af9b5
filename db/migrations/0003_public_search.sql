-- Full-text search over published verdicts only (issue #3). The rowid is the
-- claim's id; the triggers below keep the index in step with each claim's
-- published snapshot, so no write path can forget it and nothing unpublished
-- is ever searchable.
CREATE VIRTUAL TABLE claims_fts USING fts5(
  summary,
  text,
  claimant,
  article_title,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER claims_fts_on_publish AFTER UPDATE OF published_snapshot ON claims
BEGIN
  DELETE FROM claims_fts WHERE rowid = OLD.id;
  INSERT INTO claims_fts (rowid, summary, text, claimant, article_title)
  SELECT NEW.id,
         json_extract(NEW.published_snapshot, '$.summary'),
         json_extract(NEW.published_snapshot, '$.text'),
         coalesce(json_extract(NEW.published_snapshot, '$.claimant'), ''),
         (SELECT title FROM articles WHERE id = NEW.article_id)
  WHERE NEW.published_snapshot IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER claims_fts_on_article_retitle AFTER UPDATE OF title ON articles
BEGIN
  UPDATE claims_fts SET article_title = NEW.title
  WHERE rowid IN (SELECT id FROM claims WHERE article_id = NEW.id AND published_snapshot IS NOT NULL);
END;
--> statement-breakpoint
-- Indexes the home page's filters and the corrections log read.
CREATE INDEX claims_published_claimant_idx ON claims (json_extract(published_snapshot, '$.claimant'), published_at) WHERE published_at IS NOT NULL;

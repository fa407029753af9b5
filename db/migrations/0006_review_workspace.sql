CREATE TABLE `suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`span_start` integer NOT NULL,
	`span_end` integer NOT NULL,
	`text` text NOT NULL,
	`score` real NOT NULL,
	`label` text NOT NULL,
	`reasons` text NOT NULL,
	`claimant` text,
	`reported_by` text,
	`state` text DEFAULT 'open' NOT NULL,
	`claim_id` integer,
	`decided_by` integer,
	`decided_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "suggestions_label_known" CHECK("suggestions"."label" in ('check', 'maybe', 'skip')),
	CONSTRAINT "suggestions_state_known" CHECK("suggestions"."state" in ('open', 'accepted', 'rejected')),
	CONSTRAINT "suggestions_span_ordered" CHECK("suggestions"."span_start" >= 0 and "suggestions"."span_end" > "suggestions"."span_start")
);
--> statement-breakpoint
CREATE INDEX `suggestions_article_idx` ON `suggestions` (`article_id`,`span_start`);--> statement-breakpoint
-- Hand-written in place of drizzle-kit's table rebuild, which would drop the search triggers of 0003.
ALTER TABLE `claims` ADD `priority` integer DEFAULT 2 NOT NULL CONSTRAINT "claims_priority_known" CHECK("priority" in (1, 2, 3));--> statement-breakpoint
ALTER TABLE `claims` ADD `first_appeared_in` text;--> statement-breakpoint
ALTER TABLE `claims` ADD `attribution_status` text DEFAULT 'unconfirmed' NOT NULL CONSTRAINT "claims_attribution_known" CHECK("attribution_status" in ('unconfirmed', 'confirmed', 'misattributed'));--> statement-breakpoint
ALTER TABLE `claims` ADD `attribution_note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `claims` ADD `duplicate_of_id` integer REFERENCES `claims`(`id`);--> statement-breakpoint
ALTER TABLE `claims` ADD `stage` text DEFAULT 'needs-evidence' NOT NULL;--> statement-breakpoint
-- The review stage follows the verdict and its publication. Triggers keep it, so no write path
-- can forget it; they fire only on the columns it depends on and only write when it changes.
CREATE TRIGGER claims_stage_on_insert AFTER INSERT ON claims
BEGIN
  UPDATE claims SET stage = (CASE WHEN NEW.published_at IS NOT NULL AND NEW.published_version = NEW.version THEN 'published' WHEN NEW.published_at IS NOT NULL THEN 'published-changed' WHEN NEW.rationale <> '' THEN 'awaiting-publication' ELSE 'needs-evidence' END) WHERE id = NEW.id AND stage IS NOT (CASE WHEN NEW.published_at IS NOT NULL AND NEW.published_version = NEW.version THEN 'published' WHEN NEW.published_at IS NOT NULL THEN 'published-changed' WHEN NEW.rationale <> '' THEN 'awaiting-publication' ELSE 'needs-evidence' END);
END;--> statement-breakpoint
CREATE TRIGGER claims_stage_on_update AFTER UPDATE OF rationale, version, published_at, published_version ON claims
BEGIN
  UPDATE claims SET stage = (CASE WHEN NEW.published_at IS NOT NULL AND NEW.published_version = NEW.version THEN 'published' WHEN NEW.published_at IS NOT NULL THEN 'published-changed' WHEN NEW.rationale <> '' THEN 'awaiting-publication' ELSE 'needs-evidence' END) WHERE id = NEW.id AND stage IS NOT (CASE WHEN NEW.published_at IS NOT NULL AND NEW.published_version = NEW.version THEN 'published' WHEN NEW.published_at IS NOT NULL THEN 'published-changed' WHEN NEW.rationale <> '' THEN 'awaiting-publication' ELSE 'needs-evidence' END);
END;--> statement-breakpoint
UPDATE claims SET stage = CASE WHEN published_at IS NOT NULL AND published_version = version THEN 'published' WHEN published_at IS NOT NULL THEN 'published-changed' WHEN rationale <> '' THEN 'awaiting-publication' ELSE 'needs-evidence' END;--> statement-breakpoint
CREATE INDEX `claims_stage_idx` ON `claims` (`stage`,`updated_at`);--> statement-breakpoint
CREATE INDEX `claims_assignee_idx` ON `claims` (`assignee_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `claims_claimant_idx` ON `claims` (`claimant`,`updated_at`);--> statement-breakpoint
CREATE INDEX `claims_priority_idx` ON `claims` (`priority`,`created_at`);--> statement-breakpoint
CREATE INDEX `claims_created_idx` ON `claims` (`created_at`);--> statement-breakpoint
CREATE INDEX `claims_duplicate_idx` ON `claims` (`duplicate_of_id`);--> statement-breakpoint
CREATE INDEX `claims_facets_idx` ON `claims` (`stage`,`status`,`assignee_id`);--> statement-breakpoint
ALTER TABLE `evidence` ADD `snapshot_source` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `snapshot_text` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `snapshot_fetched_at` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `snapshot_error` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `last_checked_at` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `last_check_result` text;--> statement-breakpoint
ALTER TABLE `evidence` ADD `last_check_hash` text;
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`outlet` text,
	`url` text,
	`author` text,
	`published_at` text,
	`body` text NOT NULL,
	`body_hash` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_slug_unique` ON `articles` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_body_hash_unique` ON `articles` (`body_hash`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`reason` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "audit_events_actor_known" CHECK("audit_events"."actor_kind" in ('user', 'system', 'public'))
);
--> statement-breakpoint
CREATE INDEX `audit_events_entity_idx` ON `audit_events` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_kind`,`actor_id`,`id`);--> statement-breakpoint
CREATE TABLE `claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`article_id` integer NOT NULL,
	`text` text NOT NULL,
	`summary` text NOT NULL,
	`claimant` text,
	`reported_by` text,
	`span_start` integer NOT NULL,
	`span_end` integer NOT NULL,
	`status` text DEFAULT 'unverified' NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`assignee_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`status_set_by` integer,
	`status_set_at` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_status` text,
	`published_snapshot` text,
	`published_version` integer,
	`published_by` integer,
	`published_at` text,
	`first_published_at` text,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_set_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_status_known" CHECK("claims"."status" in ('unverified', 'sourced', 'disputed')),
	CONSTRAINT "claims_summary_short" CHECK(length("claims"."summary") between 1 and 75),
	CONSTRAINT "claims_span_ordered" CHECK("claims"."span_start" >= 0 and "claims"."span_end" > "claims"."span_start"),
	CONSTRAINT "claims_version_positive" CHECK("claims"."version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_slug_unique` ON `claims` (`slug`);--> statement-breakpoint
CREATE INDEX `claims_article_idx` ON `claims` (`article_id`,`span_start`);--> statement-breakpoint
CREATE INDEX `claims_status_idx` ON `claims` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `claims_published_idx` ON `claims` (`published_at`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`edited_at` text,
	`deleted_at` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comments_claim_idx` ON `comments` (`claim_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` integer NOT NULL,
	`url` text NOT NULL,
	`title` text NOT NULL,
	`publisher` text,
	`quoted_passage` text,
	`stance` text NOT NULL,
	`accessed_at` text NOT NULL,
	`content_hash` text,
	`archive_url` text,
	`added_by` integer NOT NULL,
	`added_at` text NOT NULL,
	`removed_at` text,
	`removed_by` integer,
	`removal_reason` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`removed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "evidence_stance_known" CHECK("evidence"."stance" in ('supports', 'contradicts', 'context'))
);
--> statement-breakpoint
CREATE INDEX `evidence_claim_idx` ON `evidence` (`claim_id`);--> statement-breakpoint
CREATE TABLE `publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text,
	`previous_status` text,
	`snapshot` text,
	`reason` text,
	`claim_version` integer NOT NULL,
	`published_by` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publications_claim_idx` ON `publications` (`claim_id`,`at`);--> statement-breakpoint
CREATE INDEX `publications_kind_idx` ON `publications` (`kind`,`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`disabled_at` text,
	`session_version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "users_email_folded" CHECK("users"."email" = lower("users"."email")),
	CONSTRAINT "users_role_known" CHECK("users"."role" in ('reviewer', 'editor', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);
CREATE TABLE `cache_entries` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`value` blob NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`size` integer NOT NULL,
	`last_modified` integer NOT NULL,
	`used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `cache_entries_used_at_idx` ON `cache_entries` (`used_at`);--> statement-breakpoint
CREATE TABLE `cache_tags` (
	`tag` text PRIMARY KEY NOT NULL,
	`expired_at` integer NOT NULL,
	`stale_at` integer
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`bucket` text NOT NULL,
	`key` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`window_start` integer NOT NULL,
	`last_at` integer NOT NULL,
	`until_at` integer DEFAULT 0 NOT NULL,
	`data` text,
	PRIMARY KEY(`bucket`, `key`)
);
--> statement-breakpoint
CREATE INDEX `rate_limits_last_at_idx` ON `rate_limits` (`last_at`);
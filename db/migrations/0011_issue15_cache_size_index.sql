DROP INDEX `cache_entries_used_at_idx`;--> statement-breakpoint
CREATE INDEX `cache_entries_used_at_size_idx` ON `cache_entries` (`used_at`,`size`);
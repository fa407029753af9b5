CREATE TABLE `correction_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` integer NOT NULL,
	`message` text NOT NULL,
	`email` text,
	`address_hash` text,
	`state` text DEFAULT 'open' NOT NULL,
	`created_at` text NOT NULL,
	`handled_by` integer,
	`handled_at` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "correction_requests_state_known" CHECK("correction_requests"."state" in ('open', 'resolved', 'dismissed'))
);
--> statement-breakpoint
CREATE INDEX `correction_requests_state_idx` ON `correction_requests` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `correction_requests_address_idx` ON `correction_requests` (`address_hash`,`created_at`);
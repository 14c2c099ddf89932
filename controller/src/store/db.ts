import type Database from "better-sqlite3";

/**
 * An open gate database. Its own file so that `migrations.ts` can name it without importing
 * `database.ts`, which imports the migrations to apply them (`database.ts` re-exports it for the rest).
 */
export type Db = Database.Database;

/**
 * Post-deploy migration files: {@code db/post_migrate/<version>_<snake_name>.rb} ⇄ (version, class name), with Rails'
 * inflections. Pure logic on strings; imports nothing from pdm but itself, and no I/O.
 */
package dev.pdm.core.migrations;

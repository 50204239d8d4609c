/**
 * The in-memory GitLab: users, projects, repositories, MRs, environments, deployments,
 * pipelines, jobs, issues, notes, hooks, and per-environment schema_migrations. Mutated only on the
 * sandbox's Vert.x context; must not import the HTTP (api), hooks or introspection packages.
 */
package dev.pdm.sandbox.state;

package dev.pdm.core.migrations;

/**
 * One post-deploy migration file, {@code db/post_migrate/<version>_<snake_name>.rb}, defining class {@code className}.
 *
 * @param version   the 14-digit migration version, e.g. {@code 20230701120000}
 * @param className the Ruby class name, e.g. {@code CreateSecurityPolicyRequirementsTable}
 * @param path      the repository path, e.g. {@code db/post_migrate/20230701120000_create_security_policy_requirements_table.rb}
 */
public record PostMigrateFile(String version, String className, String path) {
}

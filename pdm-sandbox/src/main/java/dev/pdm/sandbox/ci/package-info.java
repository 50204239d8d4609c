/**
 * Simulated CI: pipelines made of stages and jobs that progress on the sandbox clock, and the
 * job logs they write (runner sections, Rails db:migrate, QA). Must not import api or hooks.
 */
package dev.pdm.sandbox.ci;

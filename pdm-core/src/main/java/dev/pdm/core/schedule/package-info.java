/**
 * When pdm may migrate and when it starts a run by itself: cron expressions read in a time zone, deny windows (weekly
 * ranges or cron minutes) and the schedule of automatic runs. Pure: every question takes the moment it is asked about.
 */
package dev.pdm.core.schedule;

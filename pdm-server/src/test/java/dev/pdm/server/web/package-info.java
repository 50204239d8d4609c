/**
 * Browser tests of the web UI (pdm-web's webroot) in headless system Chromium, driven by Playwright, against pdm in
 * sandbox mode. They use the page as a person does; they must not import the server's internals beyond the sandbox.
 */
package dev.pdm.server.web;

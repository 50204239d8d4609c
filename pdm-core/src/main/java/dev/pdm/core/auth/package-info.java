/**
 * Who is calling pdm: API tokens kept only as salted hashes, checked in constant time, mapped to a caller and a role.
 * Pure; the HTTP side that reads the header lives in the server.
 */
package dev.pdm.core.auth;

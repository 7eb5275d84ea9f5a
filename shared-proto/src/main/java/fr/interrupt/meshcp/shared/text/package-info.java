/**
 * Text for people, written once for every face (CLI, MCP, desktop) and the agent: byte sizes in IEC
 * units ({@link fr.interrupt.meshcp.shared.text.ByteSizes}), durations and relative times
 * ({@link fr.interrupt.meshcp.shared.text.Durations}), Unix file modes
 * ({@link fr.interrupt.meshcp.shared.text.FileModes}), disk use as df gives it
 * ({@link fr.interrupt.meshcp.shared.text.DiskUses}) and untrusted text made safe to print
 * ({@link fr.interrupt.meshcp.shared.text.Printable}). Every method is pure, locale-independent
 * ({@code Locale.ROOT}) and thread-safe.
 */
package fr.interrupt.meshcp.shared.text;

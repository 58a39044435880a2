/**
 * Engine-free identity graph logic: identifier rules and limits, hub quarantine, deterministic
 * clustering, stable member ids, merge/unmerge and explain. Plain Java: no Spark or Flink imports,
 * so the Spark job in this module stays a thin adapter.
 */
package org.opencdp.identity;

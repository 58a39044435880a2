/**
 * The segment definition language, its Trino and Spark SQL compilers, and the marketing-facing
 * segment API that re-checks consent at every pull.
 */
package org.opencdp.segments;

/**
 * Test helpers shared by core's test packages: a clock moved by hand ({@link io.zokio.testing.TestClock}) and
 * the indirection ({@link io.zokio.testing.TestRuntimes}) through which the net and fs tests' runtimes can be
 * changed by a {@link io.zokio.testing.RuntimeCustomizer} found on the class path (the test kit's fault runs).
 */
package io.zokio.testing;

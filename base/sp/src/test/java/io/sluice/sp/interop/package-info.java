/** Interoperability tests against nanomsg's and NNG's own tools and libraries (failsafe ITs). */
package io.sluice.sp.interop;

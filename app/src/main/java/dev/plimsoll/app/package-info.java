/** The single deployment unit that wires the modules by role. */
package dev.plimsoll.app;

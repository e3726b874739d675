/** corral-gate. */
package dev.corral.gate;

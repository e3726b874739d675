/** corral-async. */
package dev.corral.async;

/** corral-pm. */
package dev.corral.pm;

/** corral-limit. */
package dev.corral.limit;

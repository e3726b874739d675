/** corral-limit-redis. */
package dev.corral.limit.redis;

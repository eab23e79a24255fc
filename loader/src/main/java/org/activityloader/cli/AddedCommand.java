package org.activityloader.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand that a module around the loader adds (the demo module's {@code demo}, {@code bench} and
 * {@code consume}), found with {@link java.util.ServiceLoader} when the launcher puts that module on the
 * class path: it is on no other command's.
 */
public interface AddedCommand extends Callable<Integer> {
}

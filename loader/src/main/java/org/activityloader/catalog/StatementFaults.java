package org.activityloader.catalog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import javax.sql.DataSource;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;

/**
 * Wraps a data source so that {@link FaultPoint#MIGRATION_STATEMENT} is reached before every
 * statement its connections execute: tests stop a migration at any statement, Flyway's own
 * included. Used only when faults are injected; production connections are never wrapped.
 */
final class StatementFaults {
    private StatementFaults() {
    }

    static DataSource wrap(DataSource source, Faults faults) {
        if (faults == Faults.NONE) {
            return source;
        }
        return proxy(DataSource.class, source, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c, faults) : result;
        });
    }

    private static Connection connection(Connection c, Faults faults) {
        return proxy(Connection.class, c, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof CallableStatement s) {
                return statement(CallableStatement.class, s, faults);
            }
            if (result instanceof PreparedStatement s) {
                return statement(PreparedStatement.class, s, faults);
            }
            if (result instanceof Statement s) {
                return statement(Statement.class, s, faults);
            }
            return result;
        });
    }

    private static <S extends Statement> S statement(Class<S> type, S s, Faults faults) {
        return proxy(type, s, (target, method, args) -> {
            if (method.getName().startsWith("execute")) {
                faults.at(FaultPoint.MIGRATION_STATEMENT);
            }
            return invoke(target, method, args);
        });
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler h = (p, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(StatementFaults.class.getClassLoader(), new Class<?>[] {type}, h));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package teller.server.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Column-wise array parameters for one statement that writes many rows (decision 0135): each name
 * is a list bound as {@code text[]}; the SQL casts it to its type ({@code CAST(:x AS bigint[])}),
 * which the text form of every value here converts to. Every declared name is bound, empty or not.
 */
final class ArrayParams {
    private final Map<String, List<String>> columns = new LinkedHashMap<>();

    ArrayParams(String... names) {
        for (String name : names) {
            columns.put(name, new ArrayList<>());
        }
    }

    ArrayParams add(String name, Object value) {
        List<String> column = columns.get(name);
        if (column == null) {
            throw new IllegalArgumentException("undeclared array parameter " + name);
        }
        column.add(value == null ? null : value.toString());
        return this;
    }

    int size(String name) {
        return columns.get(name).size();
    }

    <S extends SqlStatement<S>> S bindTo(S statement) {
        columns.forEach((name, values) -> statement.bindArray(name, String.class, values));
        return statement;
    }
}

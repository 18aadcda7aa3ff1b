package dev.digits.spark;

import dev.digits.api.Answer;
import dev.digits.api.Candidate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The job's output rows: one per input file, an answer or an error, never both. */
final class Results {

    /** A candidate digit in {@code top3}. */
    static final StructType CANDIDATE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("digit", DataTypes.IntegerType, false),
            DataTypes.createStructField("probability", DataTypes.FloatType, false)));

    /**
     * {@code path}; {@code digit}, {@code probability}, {@code top3} and {@code not_a_digit} (null
     * for an error); {@code number} (what the read package reads, with {@code --read}; else null);
     * {@code error} (null for an answer: why the image has none, one line).
     */
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            field("path", DataTypes.StringType, false),
            field("digit", DataTypes.IntegerType, true),
            field("probability", DataTypes.FloatType, true),
            field("top3", DataTypes.createArrayType(CANDIDATE, false), true),
            field("not_a_digit", DataTypes.BooleanType, true),
            field("number", DataTypes.StringType, true),
            field("error", DataTypes.StringType, true)));

    private Results() {}

    static Row answer(String path, Answer a, String number) {
        List<Row> top = a.top3().stream().map(Results::candidate).toList();
        // an array column is a Scala Seq in a Row
        return RowFactory.create(path, a.digit(), a.probability(), CollectionConverters.asScala(top), a.notADigit(), number, null);
    }

    static Row error(String path, String message) {
        return RowFactory.create(path, null, null, null, null, null, message);
    }

    private static Row candidate(Candidate c) {
        return RowFactory.create(c.digit(), c.probability());
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}

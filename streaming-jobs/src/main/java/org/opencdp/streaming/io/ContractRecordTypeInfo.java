package org.opencdp.streaming.io;

import java.lang.reflect.Type;
import java.util.Map;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type of {@link ContractRecord}: serialized as Avro binary by {@link ContractRecordSerializer}, never by Kryo. */
public final class ContractRecordTypeInfo
        extends TypeInformation<ContractRecord>
{
    public static final ContractRecordTypeInfo INSTANCE = new ContractRecordTypeInfo();

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType()
    {
        return false;
    }

    @Override
    public boolean isTupleType()
    {
        return false;
    }

    @Override
    public int getArity()
    {
        return 1;
    }

    @Override
    public int getTotalFields()
    {
        return 1;
    }

    @Override
    public Class<ContractRecord> getTypeClass()
    {
        return ContractRecord.class;
    }

    @Override
    public boolean isKeyType()
    {
        return false;
    }

    @Override
    public TypeSerializer<ContractRecord> createSerializer(SerializerConfig config)
    {
        return ContractRecordSerializer.INSTANCE;
    }

    @Override
    public String toString()
    {
        return "ContractRecord";
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof ContractRecordTypeInfo;
    }

    @Override
    public int hashCode()
    {
        return ContractRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other)
    {
        return other instanceof ContractRecordTypeInfo;
    }

    /** Lets Flink's type extraction find this type for {@link ContractRecord} in lambdas and functions. */
    public static final class Factory
            extends TypeInfoFactory<ContractRecord>
    {
        @Override
        public TypeInformation<ContractRecord> createTypeInfo(Type type, Map<String, TypeInformation<?>> genericParameters)
        {
            return INSTANCE;
        }
    }
}

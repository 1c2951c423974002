// What a document may ask for, estimated before anything runs. graphql-armor's cost limit multiplies by
// `first`/`last` only when they are literals, so `entries(first: $n)` would count as one row; here a
// paginated field counts as many rows as it may return: a literal page size, the largest page a variable
// could ask for, or the default page when the argument is absent.
import {
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryCostOptions {
  maxCost: number;
  /** The largest page any paginated field returns (what a variable page size may reach). */
  maxPageSize: number;
  /** The page a paginated field returns when neither `first` nor `last` is given. */
  defaultPageSize: number;
}

const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * cost(leaf field) = 1; cost(field with a selection) = 1 + rows × cost(selection), where rows is the page
 * size of a paginated field (one with `first`/`last` arguments) and 1 otherwise. Fragments count where they
 * are spread (each fragment is costed once, so nested spreads cannot make this rule itself expensive).
 */
export function queryCostRule(options: QueryCostOptions): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragmentCosts = new Map<string, number>();
    const fragmentsInProgress = new Set<string>();

    function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode): number {
      if (!field.args.some((argument) => PAGE_SIZE_ARGUMENTS.has(argument.name))) return 1;
      const given = (node.arguments ?? []).filter((argument) => PAGE_SIZE_ARGUMENTS.has(argument.name.value));
      if (given.length === 0) return options.defaultPageSize;
      return Math.max(
        1,
        ...given.map((argument) =>
          argument.value.kind === Kind.INT ? Number(argument.value.value) : options.maxPageSize,
        ),
      );
    }

    function fieldDefinition(parent: GraphQLCompositeType, name: string) {
      if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
      if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
      return undefined;
    }

    function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const field = fieldDefinition(parent, selection.name.value);
          const type = field ? getNamedType(field.type) : undefined;
          if (!field || !selection.selectionSet || !isCompositeType(type)) {
            cost += 1;
            continue;
          }
          cost += 1 + pageSize(field, selection) * selectionCost(selection.selectionSet, type);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const condition = selection.typeCondition
            ? schema.getType(selection.typeCondition.name.value)
            : parent;
          if (isCompositeType(condition)) cost += selectionCost(selection.selectionSet, condition);
        } else {
          cost += fragmentCost(selection.name.value);
        }
      }
      return cost;
    }

    function fragmentCost(name: string): number {
      const known = fragmentCosts.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      // Unknown fragments and cycles are reported by GraphQL's own rules; they cost nothing here.
      if (!fragment || fragmentsInProgress.has(name)) return 0;
      const condition = schema.getType(fragment.typeCondition.name.value);
      fragmentsInProgress.add(name);
      const cost = isCompositeType(condition) ? selectionCost(fragment.selectionSet, condition) : 0;
      fragmentsInProgress.delete(name);
      fragmentCosts.set(name, cost);
      return cost;
    }

    return {
      OperationDefinition(operation) {
        const root = schema.getRootType(operation.operation);
        if (!root) return;
        const cost = selectionCost(operation.selectionSet, root);
        if (cost > options.maxCost) {
          context.reportError(
            new GraphQLError(
              `Query cost ${cost} exceeds the limit of ${options.maxCost}: ask for fewer fields or smaller pages (first/last).`,
              {
                nodes: [operation],
                extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: options.maxCost },
              },
            ),
          );
        }
      },
    };
  };
}

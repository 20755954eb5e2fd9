/**
 * A parser for the subset of Kusto (KQL) that the simulator's Resource Graph answers: a tokenizer and a
 * recursive-descent parser producing a small syntax tree. Anything outside the subset is refused with a
 * `KqlError` naming what was found and where (line and column), which the handler turns into Resource Graph's
 * `InvalidQuery` error.
 *
 *   query     := table ('|' operator)*
 *   table     := 'Resources' | 'resources'
 *   operator  := 'where' expr
 *              | 'project' column (',' column)*
 *              | 'extend' assignment (',' assignment)*
 *              | 'order' 'by' sortKey (',' sortKey)*
 *              | 'limit' integer
 *   column    := name '=' expr | path
 *   sortKey   := path ('asc' | 'desc')?              (KQL's default is desc)
 *   expr      := and ('or' and)*
 *   and       := compare ('and' compare)*
 *   compare   := value (('==' | '=~' | 'has') value | 'in~' '(' literal (',' literal)* ')')?
 *   value     := literal | '(' expr ')' | ('tostring' | 'tolower') '(' expr ')' | path
 *   path      := name ('.' name | '[' string ']' | '[' integer ']')*
 */

export class KqlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly token: string,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

type TokenKind = 'name' | 'string' | 'number' | 'symbol' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For strings: the unquoted value; for numbers: the number; otherwise the text. */
  readonly value: string | number;
  readonly offset: number;
}

const SYMBOLS = ['==', '=~', '!=', '!~', '<=', '>=', '|', ',', '(', ')', '[', ']', '.', '=', '<', '>', '!'] as const;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (text.startsWith('//', index)) {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
      continue;
    }
    const start = index;
    if (/[A-Za-z_]/.test(char)) {
      while (index < text.length && /[A-Za-z0-9_\-~]/.test(text.charAt(index))) {
        // `in~`, `!in~` and `mv-expand` are words of KQL; a hyphen or tilde continues a word only there.
        const next = text.charAt(index);
        if ((next === '-' || next === '~') && !/^(in|mv)$/i.test(text.slice(start, index))) break;
        index += 1;
      }
      const word = text.slice(start, index);
      tokens.push({ kind: 'name', text: word, value: word, offset: start });
      continue;
    }
    if (/[0-9]/.test(char)) {
      while (index < text.length && /[0-9.]/.test(text.charAt(index))) index += 1;
      const digits = text.slice(start, index);
      tokens.push({ kind: 'number', text: digits, value: Number(digits), offset: start });
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length) throw errorAt(text, start, char, 'unterminated string literal');
        const current = text.charAt(index);
        if (current === '\\' && index + 1 < text.length) {
          value += text.charAt(index + 1);
          index += 2;
          continue;
        }
        if (current === char) {
          index += 1;
          break;
        }
        value += current;
        index += 1;
      }
      tokens.push({ kind: 'string', text: text.slice(start, index), value, offset: start });
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, index));
    if (symbol === undefined) throw errorAt(text, start, char, `unexpected character '${char}'`);
    index += symbol.length;
    tokens.push({ kind: 'symbol', text: symbol, value: symbol, offset: start });
  }
  tokens.push({ kind: 'end', text: '<end of query>', value: '', offset: text.length });
  return tokens;
}

function errorAt(text: string, offset: number, token: string, message: string): KqlError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return new KqlError(`${message} (line ${line}, column ${column})`, line, column, token);
}

// ---- syntax tree ----

export type PathStep = string | number;

export type Expr =
  | { readonly type: 'literal'; readonly value: string | number | boolean | null }
  | { readonly type: 'path'; readonly steps: readonly PathStep[] }
  | { readonly type: 'call'; readonly fn: 'tostring' | 'tolower'; readonly arg: Expr }
  | { readonly type: 'compare'; readonly op: '==' | '=~' | 'has'; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'in~'; readonly left: Expr; readonly values: readonly (string | number | boolean)[] }
  | { readonly type: 'and' | 'or'; readonly left: Expr; readonly right: Expr };

export interface Column {
  readonly name: string;
  readonly expr: Expr;
}

export interface SortKey {
  readonly expr: Expr;
  readonly name: string;
  readonly descending: boolean;
}

export type Operator =
  | { readonly type: 'where'; readonly predicate: Expr }
  | { readonly type: 'project'; readonly columns: readonly Column[] }
  | { readonly type: 'extend'; readonly columns: readonly Column[] }
  | { readonly type: 'order'; readonly keys: readonly SortKey[] }
  | { readonly type: 'limit'; readonly count: number };

export interface KqlQuery {
  readonly table: 'resources';
  readonly operators: readonly Operator[];
}

const OPERATORS_OUTSIDE_SUBSET = new Set([
  'summarize',
  'join',
  'mv-expand',
  'union',
  'distinct',
  'take',
  'top',
  'count',
  'sort',
  'project-away',
  'parse',
  'lookup',
]);

export function parseKql(text: string): KqlQuery {
  return new Parser(text).query();
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  query(): KqlQuery {
    const table = this.expectKind('name', 'a table name (Resources)');
    if (String(table.value).toLowerCase() !== 'resources') {
      throw this.error(table, `table '${table.text}' is not supported; only Resources is`);
    }
    const operators: Operator[] = [];
    while (this.peek().text === '|') {
      this.advance();
      operators.push(this.operator());
    }
    const end = this.peek();
    if (end.kind !== 'end') throw this.error(end, `expected '|' or the end of the query, found '${end.text}'`);
    return { table: 'resources', operators };
  }

  private operator(): Operator {
    const token = this.expectKind('name', 'a tabular operator');
    const name = token.text.toLowerCase();
    switch (name) {
      case 'where':
        return { type: 'where', predicate: this.expression() };
      case 'project':
        return { type: 'project', columns: this.list(() => this.column(false)) };
      case 'extend':
        return { type: 'extend', columns: this.list(() => this.column(true)) };
      case 'order': {
        const by = this.expectKind('name', "'by'");
        if (by.text.toLowerCase() !== 'by') throw this.error(by, `expected 'by' after 'order', found '${by.text}'`);
        return { type: 'order', keys: this.list(() => this.sortKey()) };
      }
      case 'limit': {
        const count = this.expectKind('number', 'a row count');
        if (typeof count.value !== 'number' || !Number.isInteger(count.value) || count.value < 0) {
          throw this.error(count, `limit takes a whole number of rows, found '${count.text}'`);
        }
        return { type: 'limit', count: count.value };
      }
      default:
        throw this.error(
          token,
          OPERATORS_OUTSIDE_SUBSET.has(name)
            ? `operator '${token.text}' is outside the supported subset (where, project, extend, order by, limit)`
            : `unknown tabular operator '${token.text}'`,
        );
    }
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.peek().text === ',') {
      this.advance();
      items.push(item());
    }
    return items;
  }

  private column(assignmentRequired: boolean): Column {
    const start = this.peek();
    if (start.kind === 'name' && this.peek(1).text === '=') {
      this.advance();
      this.advance();
      return { name: start.text, expr: this.expression() };
    }
    if (assignmentRequired) throw this.error(start, `extend needs 'name = expression', found '${start.text}'`);
    const expr = this.path();
    return { name: columnNameOf(expr), expr };
  }

  private sortKey(): SortKey {
    const expr = this.path();
    const next = this.peek();
    let descending = true;
    if (next.kind === 'name' && /^(asc|desc)$/i.test(next.text)) {
      this.advance();
      descending = next.text.toLowerCase() === 'desc';
    }
    return { expr, name: columnNameOf(expr), descending };
  }

  private expression(): Expr {
    let left = this.conjunction();
    while (this.isWord('or')) {
      this.advance();
      left = { type: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Expr {
    let left = this.comparison();
    while (this.isWord('and')) {
      this.advance();
      left = { type: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.value();
    const next = this.peek();
    if (next.text === '==' || next.text === '=~') {
      this.advance();
      return { type: 'compare', op: next.text, left, right: this.value() };
    }
    if (next.kind === 'name' && next.text.toLowerCase() === 'has') {
      this.advance();
      return { type: 'compare', op: 'has', left, right: this.value() };
    }
    if (next.kind === 'name' && next.text.toLowerCase() === 'in~') {
      this.advance();
      this.expectText('(');
      const values = this.list(() => this.literalValue());
      this.expectText(')');
      return { type: 'in~', left, values };
    }
    if (['!=', '!~', '<', '>', '<=', '>=', '=', '!'].includes(next.text) || this.isOutsideWordOperator(next)) {
      throw this.error(
        next,
        `operator '${next.text}' is outside the supported subset (==, =~, has, in~, and, or, tostring, tolower)`,
      );
    }
    return left;
  }

  private isOutsideWordOperator(token: Token): boolean {
    return (
      token.kind === 'name' &&
      /^(contains|startswith|endswith|in|!in|!in~|!has|has_cs|contains_cs|matches|between|!contains)$/i.test(token.text)
    );
  }

  private value(): Expr {
    const token = this.peek();
    if (token.text === '(') {
      this.advance();
      const inner = this.expression();
      this.expectText(')');
      return inner;
    }
    if (token.kind === 'string' || token.kind === 'number') return { type: 'literal', value: this.literalValue() };
    if (token.kind === 'name') {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') {
        this.advance();
        return { type: 'literal', value: word === 'true' };
      }
      if (this.peek(1).text === '(') {
        if (word !== 'tostring' && word !== 'tolower') {
          throw this.error(token, `function '${token.text}' is outside the supported subset (tostring, tolower)`);
        }
        this.advance();
        this.expectText('(');
        const arg = this.expression();
        this.expectText(')');
        return { type: 'call', fn: word, arg };
      }
      return this.path();
    }
    throw this.error(token, `expected a value, found '${token.text}'`);
  }

  private literalValue(): string | number | boolean {
    const token = this.advance();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'name' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
    throw this.error(token, `expected a literal, found '${token.text}'`);
  }

  private path(): Expr {
    const first = this.expectKind('name', 'a column name');
    const steps: PathStep[] = [first.text];
    for (;;) {
      const next = this.peek();
      if (next.text === '.') {
        this.advance();
        steps.push(this.expectKind('name', 'a property name').text);
      } else if (next.text === '[') {
        this.advance();
        const key = this.advance();
        if (key.kind === 'string') steps.push(String(key.value));
        else if (key.kind === 'number' && Number.isInteger(key.value)) steps.push(Number(key.value));
        else throw this.error(key, `expected a quoted property name or an index, found '${key.text}'`);
        this.expectText(']');
      } else {
        return { type: 'path', steps };
      }
    }
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'name' && token.text.toLowerCase() === word;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] ?? this.endToken();
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position += 1;
    return token;
  }

  private expectKind(kind: TokenKind, what: string): Token {
    const token = this.advance();
    if (token.kind !== kind) throw this.error(token, `expected ${what}, found '${token.text}'`);
    return token;
  }

  private expectText(text: string): Token {
    const token = this.advance();
    if (token.text !== text) throw this.error(token, `expected '${text}', found '${token.text}'`);
    return token;
  }

  private endToken(): Token {
    return { kind: 'end', text: '<end of query>', value: '', offset: this.text.length };
  }

  private error(token: Token, message: string): KqlError {
    return errorAt(this.text, token.offset, token.text, message);
  }
}

/** The column a bare path produces: its last named step (`properties.provisioningState` → `provisioningState`). */
function columnNameOf(expr: Expr): string {
  if (expr.type !== 'path') return 'Column1';
  const named = expr.steps.filter((step): step is string => typeof step === 'string');
  return named[named.length - 1] ?? 'Column1';
}

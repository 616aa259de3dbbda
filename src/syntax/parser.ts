// The `.lvm` grammar as a chevrotain CST parser (docs/language.md). Error recovery is on, so one
// run reports several independent syntax errors. grammar/lvm.ebnf is generated from this class.

import {
  CstParser,
  EOF,
  type IParserErrorMessageProvider,
  type IToken,
  type TokenType,
  tokenLabel,
} from "chevrotain";
import * as T from "./tokens";

/** How a grammar rule is named in an error message ("expected an expression"). */
const ruleDescriptions: Record<string, string> = {
  program: "a `model NAME` header",
  statement: "a statement (a declaration, `let`, `for` or a `~` statement)",
  typeExpr: "a type",
  expression: "an expression",
  comparison: "an expression",
  additive: "an expression",
  multiplicative: "an expression",
  unary: "an expression",
  power: "an expression",
  postfix: "an expression",
  primary: "an expression",
  declaration: "`data`, `param` or `latent`",
  comparisonOperator: "a comparison",
  separator: "a newline or ';'",
  statements: "a newline or ';' after the statement",
};

function describeToken(type: TokenType, image: string): string {
  if (type === T.Newline) return "a newline";
  if (type.name === "EOF") return "the end of the file";
  if (image === "") return tokenLabel(type);
  return `'${image.length > 40 ? `${image.slice(0, 40)}…` : image}'`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${tokenLabel(expected)}, found ${describeToken(actual.tokenType, actual.image)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant.tokenType, firstRedundant.image)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const found = actual[0];
    const what = ruleDescriptions[ruleName] ?? "something else";
    return `expected ${what}, found ${found ? describeToken(found.tokenType, found.image) : "nothing"}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const found = actual[0];
    const what = ruleDescriptions[ruleName] ?? "something else";
    return `expected ${what}, found ${found ? describeToken(found.tokenType, found.image) : "nothing"}`;
  },
};

export class LvmParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      errorMessageProvider: messages,
      maxLookahead: 2,
      nodeLocationTracking: "onlyOffset",
    });
    this.performSelfAnalysis();
  }

  /** program = { separator } header statements */
  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.separator));
    this.SUBRULE(this.header);
    this.SUBRULE(this.statements);
  });

  /** header = "model" name [ string ] */
  header = this.RULE("header", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.CONSUME(T.StringLiteral));
  });

  /**
   * statements = { separator | statement [ separator ] | junk }. A statement must end at a separator,
   * `}` or the end of the file: a missing one is recorded (not thrown) so parsing goes on. `junk` takes a
   * token that cannot start a statement, so after a bad statement parsing resumes at the next line.
   */
  statements = this.RULE("statements", () => {
    this.MANY(() =>
      this.OR({
        // One token decides: a statement when it can start one, otherwise junk.
        MAX_LOOKAHEAD: 1,
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.separator) },
          {
            ALT: () => {
              this.SUBRULE(this.statement);
              const terminated = this.OPTION(() => this.SUBRULE2(this.separator));
              this.ACTION(() => {
                const next = this.LA(1);
                if (terminated === undefined && next.tokenType !== T.RBrace && next.tokenType !== EOF) {
                  this.missingTerminators.push(next);
                }
              });
            },
          },
          {
            ALT: () => {
              const junk = this.CONSUME(T.AnyToken, { LABEL: "junk" });
              this.ACTION(() => this.junk.push(junk));
            },
          },
        ],
      }),
    );
  });

  /** Tokens that began a statement on the same line as the previous one, without `;` between. */
  missingTerminators: IToken[] = [];
  /** Tokens skipped because no statement can start with them. */
  junk: IToken[] = [];

  override reset(): void {
    super.reset();
    this.missingTerminators = [];
    this.junk = [];
  }

  separator = this.RULE("separator", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Newline) }, { ALT: () => this.CONSUME(T.Semicolon) }]);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.sizeDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.declaration) },
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.tildeStmt) },
    ]);
  });

  sizeDecl = this.RULE("sizeDecl", () => {
    this.CONSUME(T.Size);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Data) },
      { ALT: () => this.CONSUME(T.Param) },
      { ALT: () => this.CONSUME(T.Latent) },
    ]);
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.subscripts));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
  });

  /** A type is a name with optional `(…)` or `[…]` arguments: type names are not reserved words. */
  typeExpr = this.RULE("typeExpr", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.SUBRULE(this.subscripts) },
      ]),
    );
  });

  letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.expression);
    this.CONSUME(T.DotDot);
    this.SUBRULE2(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Weighted);
      this.SUBRULE3(this.expression);
    });
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.statements);
    this.CONSUME(T.RBrace);
  });

  tildeStmt = this.RULE("tildeStmt", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.SUBRULE(this.subscripts));
    this.CONSUME(T.Tilde);
    this.CONSUME2(T.Identifier);
    this.SUBRULE(this.arguments);
    this.OPTION2(() => {
      this.CONSUME(T.Censored);
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.namedArgument) });
      this.CONSUME(T.RParen);
    });
  });

  namedArgument = this.RULE("namedArgument", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Assign);
    this.SUBRULE(this.expression);
  });

  /** `( [ expression { , expression } ] )` */
  arguments = this.RULE("arguments", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  /** `[ expression { , expression } ]` */
  subscripts = this.RULE("subscripts", () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.comparison);
  });

  /** Comparisons do not associate: `a < b < c` is an error. */
  comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.SUBRULE(this.comparisonOperator);
      this.SUBRULE2(this.additive);
    });
  });

  comparisonOperator = this.RULE("comparisonOperator", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.LessEq) },
      { ALT: () => this.CONSUME(T.GreaterEq) },
      { ALT: () => this.CONSUME(T.EqEq) },
      { ALT: () => this.CONSUME(T.NotEq) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
    ]);
  });

  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unary);
    });
  });

  /** Unary minus binds looser than `^`: `-x^2` is `-(x^2)`. Iterative, so long chains cannot recurse deeply. */
  unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.power);
  });

  /** `^` is right associative and its right operand may carry a unary minus (`2^-1`); folded when lowering. */
  power = this.RULE("power", () => {
    this.SUBRULE(this.postfix);
    this.MANY(() => {
      this.CONSUME(T.Caret);
      this.SUBRULE(this.exponent);
    });
  });

  exponent = this.RULE("exponent", () => {
    this.MANY(() => this.CONSUME(T.Minus));
    this.SUBRULE(this.postfix);
  });

  /** Indexing `a[i, j]` and transpose `'`, applied left to right. */
  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() =>
      this.OR([{ ALT: () => this.SUBRULE(this.subscripts) }, { ALT: () => this.CONSUME(T.Quote) }]),
    );
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.OPTION(() => this.SUBRULE(this.arguments));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.arrayLiteral) },
    ]);
  });

  /** `[1, 2, 3]` is a vector; `[[1, 0], [0, 1]]` a matrix (rows). */
  arrayLiteral = this.RULE("arrayLiteral", () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });
}

/** One parser instance is reused: chevrotain parsers are stateful but resettable via `input`. */
export const parserInstance = new LvmParser();

"use strict";
var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.NotSignedInError = exports.ForbiddenError = exports.InvalidCredentialsError = exports.ValidationError = void 0;
// Expected failures, returned as typed GraphQL results (Pothos errors plugin). Anything else is thrown
// and masked by Yoga.
var ValidationError = /** @class */ (function (_super) {
    __extends(ValidationError, _super);
    function ValidationError(message, issues) {
        var _this = _super.call(this, message) || this;
        _this.issues = issues;
        _this.name = 'ValidationError';
        return _this;
    }
    return ValidationError;
}(Error));
exports.ValidationError = ValidationError;
var InvalidCredentialsError = /** @class */ (function (_super) {
    __extends(InvalidCredentialsError, _super);
    function InvalidCredentialsError() {
        var _this = _super.call(this, 'The e-mail address or password is not correct.') || this;
        _this.name = 'InvalidCredentialsError';
        return _this;
    }
    return InvalidCredentialsError;
}(Error));
exports.InvalidCredentialsError = InvalidCredentialsError;
/** A service refused an action the viewer's permissions do not allow. */
var ForbiddenError = /** @class */ (function (_super) {
    __extends(ForbiddenError, _super);
    function ForbiddenError(permission) {
        var _this = _super.call(this, "You do not have the \"".concat(permission, "\" permission for this action.")) || this;
        _this.name = 'ForbiddenError';
        return _this;
    }
    return ForbiddenError;
}(Error));
exports.ForbiddenError = ForbiddenError;
var NotSignedInError = /** @class */ (function (_super) {
    __extends(NotSignedInError, _super);
    function NotSignedInError() {
        var _this = _super.call(this, 'Sign in first.') || this;
        _this.name = 'NotSignedInError';
        return _this;
    }
    return NotSignedInError;
}(Error));
exports.NotSignedInError = NotSignedInError;
